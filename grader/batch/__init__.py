"""Many submissions: a local pool or a Dask cluster, and the cache that regrades only what
changed."""
