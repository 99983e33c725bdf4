"""What a pattern of wrong probes means in a subject's own terms: where to look, as a fact.

The judge names a mistake only when the output agrees with a known variant on every probe
(coursekit/evidence/judge.py). When none does, the evidence still knows which probes are
wrong, the feature they share ("exactly those with stride > 1"), the relation the wrong
values share on every one of them ("NaN or inf where the right values are finite"), and,
for a network's parameters, which layers' gradients are wrong. This module turns those
facts into the part of the contract they single out, never into a named mistake:

- `MEANINGS`: (subjects, outputs, the wrong probes' feature, a shared relation) -> what
  that feature or relation is about in this subject (the stride places the windows, the
  padding, overlapping windows add up, ...). Said only when the condition holds exactly.
- `chain`: for the parameters of a network in forward order, when the gradients are right
  from the last layer down to some layer and wrong for every layer below it, the layer
  boundary where the backward pass goes wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.evidence.describe import shared
from coursekit.evidence.judge import Reading
from coursekit.evidence.store import Evidence
from coursekit.evidence.subject import Subject

CONV = ("im2col.im2col", "im2col.col2im", "conv.conv_forward_naive", "conv.conv_forward",
        "conv.conv_backward", "conv.conv_param_grads", "conv.Conv2D")  # fmt: skip
POOL = ("pooling.maxpool_forward", "pooling.maxpool_backward", "pooling.MaxPool2D.indices",
        "pooling.avgpool_forward", "pooling.avgpool_backward", "pooling.layers")  # fmt: skip
LOSS = ("lenet.softmax_cross_entropy", "lenet_torch.cross_entropy")
ANY = ("*",)
BACK = ("x", "dx", "max dx", "avg dx")  # the outputs that sum what windows give a pixel


@dataclass(frozen=True)
class Meaning:
    subjects: tuple[str, ...]
    outputs: tuple[str, ...]  # ("*",): any output
    feature: str  # the wrong probes' feature as the judge says it ("with stride > 1"), or ""
    relation: str  # the start of a relation every wrong probe shares, or ""
    says: str

    def holds(self, subject: Subject, reading: Reading, phrases: list[str]) -> bool:
        if subject.key not in self.subjects or not reading.wrong or reading.named:
            return False
        if self.outputs != ANY and reading.output not in self.outputs:
            return False
        if self.feature and reading.feature not in (self.feature, f"only {self.feature}"):
            return False
        return not self.relation or any(p.startswith(self.relation) for p in phrases)


STRIDE = ("the stride: window (i, j) starts at row i * stride and column j * stride, and "
          "(H + 2 * pad - KH) // stride + 1 windows fit along H")
PAD = ("the padding: pad rows and columns of zeros on all four sides of x before the "
       "windows slide (and, going back, the padded border cropped off dx)")
OVERLAP = ("overlapping windows: a pixel inside several windows receives the sum (+=) of "
           "what every one of them gives it")
NON_SQUARE = "a non-square kernel: KH counts rows (along H) and KW columns (along W)"
BATCH = "the batch: what is summed over the N images, and in which order they are kept"
CHANNELS = "the channels: the C axis is last in NHWC, and each window spans all C channels"
RF_JUMP = ("the jump: a layer (k, s, p) grows the size by (k - 1) * jump, where jump is "
           "the product of the strides of the layers below it: its own s multiplies the "
           "jump only after the size and start are updated (jump <- jump * s)")
BIAS = ("the bias: b[f] is added once to every output of filter f, after the window's sum "
        "(not inside it, not per channel of the input)")
FORWARD = ("conv.conv_forward_naive", "conv.conv_forward", "conv.Conv2D")

MEANINGS = (
    Meaning(CONV, ANY, "with stride > 1", "", STRIDE),
    Meaning(CONV, ANY, "with pad > 0", "", PAD),
    Meaning(CONV, BACK, "with overlapping windows", "", OVERLAP),
    Meaning(CONV, ANY, "with a non-square kernel", "", NON_SQUARE),
    Meaning(CONV, ANY, "with N > 1", "", BATCH),
    Meaning(CONV, ANY, "with C > 1", "", CHANNELS),
    Meaning(FORWARD, ("out",), "", "the right values plus one constant per channel", BIAS),
    Meaning(("padding.output_size",), ANY, "with stride > 1", "",
            "the stride divides (size + 2 * pad - kernel) before the 1 is added"),
    Meaning(("padding.output_size",), ANY, "with pad > 0", "",
            "the padding counts twice, once per side: size + 2 * pad"),
    Meaning(("padding.output_size",), ANY, "with a partial last window", "",
            "the floor: a last window that does not fit whole is not counted"),
    Meaning(("padding.output_size",), ANY, "with a kernel as large as the padded input", "",
            "the edge case kernel == size + 2 * pad: that one window fits, so the size is 1; "
            "only a kernel larger than the padded input is a ValueError"),
    Meaning(("padding.pad2d",), ANY, "with a fill value other than 0", "",
            "the fill value: the border holds `value`, not 0"),
    Meaning(("padding.pad2d",), ANY, "with a ((top, bottom), (left, right)) pair", "",
            "the four-sided form ((top, bottom), (left, right)): top rows go above x, bottom "
            "rows below it, left columns to its left, right columns to its right"),
    Meaning(("padding.pad2d",), ANY, "with a (ph, pw) pair", "",
            "the (ph, pw) form: ph rows on each of the top and bottom, pw columns on each of "
            "the left and right"),
    Meaning(("padding.pad2d",), ANY, "", "the right values shifted",
            "where x sits inside the padded array: x starts at row top and column left"),
    Meaning(POOL, ANY, "with stride None", "",
            "stride None: it means stride = the pool size (windows side by side)"),
    Meaning(POOL, ANY, "without stride None", "",
            "a stride given: window (i, j) starts at (i * stride, j * stride), and the "
            "stride is passed on as given (None alone means the pool size)"),
    Meaning(POOL, BACK, "with overlapping windows", "", OVERLAP),
    Meaning(POOL, ANY, "with gaps between windows", "",
            "gaps between windows (stride > pool size): pixels in no window get 0 in dx"),
    Meaning(POOL, ANY, "with a leftover row or column", "",
            "a leftover row or column: (H - pool) // stride + 1 windows, the rest dropped"),
    Meaning(POOL, ANY, "with a non-square pool", "",
            "a non-square pool: its first size counts rows (H), its second columns (W)"),
    Meaning(POOL, ANY, "with tied maxima", "",
            "ties: the first maximum of a window, in row-major order, is its argmax"),
    Meaning(POOL, ANY, "with N > 1", "", BATCH),
    Meaning(POOL, ANY, "with C > 1", "", "the channels: every channel is pooled on its own"),
    Meaning(LOSS, ANY, "with large logits", "NaN or inf",
            "large logits: exp of a large logit overflows to inf, and a softmax entry can "
            "round to 0, whose log is -inf; subtract each row's max before exp, and take the "
            "log-probabilities as z - max - log(sum(exp(z - max))) (log-sum-exp)"),
    Meaning(LOSS, ANY, "with N > 1", "",
            "the batch: the loss is the mean over the N rows, so dlogits carries 1/N"),
    Meaning(("lenet.train",), ANY, "with adam", "", "the Adam path: the optimizer and its state"),
    Meaning(("lenet.train",), ANY, "with a partial last batch", "",
            "the last, partial batch: it holds the N % batch_size images left, and the epoch "
            "loss weights each batch by its size"),
    Meaning(("lenet.LeNet5.predict",), ANY, "with a partial last batch", "",
            "the last, partial batch: the N % batch_size images left over get labels too"),
    Meaning(("lenet_torch.optimizers",), ANY, "with adam", "", "adam_step (sgd_step is right)"),
    Meaning(("lenet_torch.optimizers",), ANY, "with non-default betas and eps", "",
            "betas and eps: the caller's values, b1 for m and b2 for v, eps outside the sqrt"),
    # the exercises README's own notation: a layer (k, s, p)
    Meaning(("exercises.receptive_field",), ("start",), "with padding", "",
            "the padding in start: each layer adds ((k - 1) / 2 - p) * jump"),
    Meaning(("exercises.receptive_field",), ANY, "with a stride before a kernel > 1", "",
            RF_JUMP),
    Meaning(("exercises.receptive_field",), ("size", "start"), "with stride > 1", "", RF_JUMP),
)

# networks whose parameter outputs are in forward order: the layer of each output
CHAINS = ("lenet.LeNet5.backward", "lenet_torch.gradients", "lenet_paper.LeNet5Paper")


def _layers(subject: Subject) -> list[tuple[str, list[str]]]:
    """[(layer, its parameter outputs)] in forward order ("c1.w" -> layer "c1")."""
    found: dict[str, list[str]] = {}
    for o in subject.outputs:
        if "." in o and " " not in o:
            found.setdefault(o.split(".")[0], []).append(o)
    return list(found.items())


def chain(subject: Subject, readings: dict[str, Reading]) -> str | None:
    """Right for every layer from the last one down to some layer, wrong for every layer
    below it: where the backward pass goes wrong."""
    if subject.key not in CHAINS:
        return None
    layers = _layers(subject)
    wrong = [any(readings[o].wrong for o in outs) for _, outs in layers]
    if all(wrong):
        return None
    k = wrong.index(False)  # the first layer whose gradients are right
    if k == 0 or any(wrong[k:]):
        return None
    below, above = layers[k - 1][0].upper(), layers[k][0].upper()
    return (f"the gradients of {above} and every layer after it are right on every probe, "
            f"those of {below} and every layer before it are wrong: the backward pass goes "
            f"wrong between {below} and {above} ({above}'s dx, what lies between the two "
            f"layers, or {below}'s own gradients)")


def meanings(subject: Subject, learner, stored: Evidence, readings: dict[str, Reading],
             output: str) -> list[str]:
    """What the wrong probes of output single out in the contract, as evidence lines."""
    r = readings[output]
    if not r.wrong or r.named:
        return []
    phrases = shared(subject, learner, stored, r)
    said = [f"the wrong probes single out {m.says}" for m in MEANINGS
            if m.holds(subject, r, phrases)]  # fmt: skip
    params = {o for _, outs in _layers(subject) for o in outs}
    if output in params and (c := chain(subject, readings)):
        said.append(c)
    return said[:2]
