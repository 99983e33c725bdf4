"""Points per test function, keyed "<file name>::<test function name>".

A parametrized test's weight is split equally over its cases; weight 0 is informational
(reported, never scored). Tests not listed here, such as the visible ones, are worth
DEFAULT_WEIGHT. Core correctness (forward and backward against torch, gradients against
central differences) weighs most, edge cases and contract details less. Per part the
hidden suite carries about three quarters of the points: padding 33 hidden vs 12 visible,
im2col 35 vs 12, conv 42 vs 14, pooling 59 vs 19, lenet 45 vs 16, lenet_torch 44 vs 11,
lenet_paper 51 vs 18 (visible counts as of this writing, one point per test function).
"""

from __future__ import annotations

from pathlib import PurePath

DEFAULT_WEIGHT = 1.0

_HIDDEN: dict[str, dict[str, float]] = {
    "test_padding_hidden.py": {
        "test_output_size_matches_formula": 5,
        "test_output_size_edge_cases": 3,
        "test_output_size_rejects_impossible_geometry": 3,
        "test_same_pad_keeps_size": 3,
        "test_same_pad_rejects_even_kernels": 2,
        "test_pad2d_matches_torch": 6,
        "test_pad2d_forms": 4,
        "test_pad2d_fill_value": 2,
        "test_pad2d_keeps_dtype_and_input": 2,
        "test_pad2d_returns_a_new_array": 1,
        "test_pad2d_rejects_bad_input": 2,
    },
    "test_im2col_hidden.py": {
        "test_im2col_matches_torch_unfold": 8,
        "test_im2col_row_and_column_order": 5,
        "test_im2col_edge_cases": 3,
        "test_im2col_keeps_dtype_and_input": 2,
        "test_col2im_matches_torch_fold": 8,
        "test_col2im_is_the_adjoint_of_im2col": 4,
        "test_col2im_sums_overlaps": 3,
        "test_col2im_keeps_dtype_and_rejects_wrong_shape": 2,
    },
    "test_conv_hidden.py": {
        "test_forward_matches_torch": 8,
        "test_forward_naive_matches_torch": 4,
        "test_backward_matches_torch": 10,
        "test_backward_matches_numerical_gradient": 5,
        "test_param_grads_match_torch": 3,
        "test_dtypes_are_kept": 2,
        "test_no_writes_and_cache_reusable": 2,
        "test_edge_geometries": 3,
        "test_conv2d_layer": 3,
        "test_conv2d_he_initialisation": 2,
        "test_conv_speed": 0,  # informational
    },
    "test_pooling_hidden.py": {
        "test_maxpool_forward_matches_torch": 7,
        "test_maxpool_backward_matches_torch": 9,
        "test_maxpool_indices_match_torch": 4,
        "test_maxpool_ties_go_to_the_first_max": 4,
        "test_avgpool_forward_matches_torch": 6,
        "test_avgpool_backward_matches_torch": 8,
        "test_global_avgpool_matches_torch": 4,
        "test_backward_matches_numerical_gradient": 5,
        "test_overlapping_and_leftover_windows": 3,
        "test_pooling_edge_cases": 3,
        "test_pooling_keeps_dtype_and_input": 2,
        "test_non_square_pool_needs_a_stride": 1,
        "test_pool_layers": 3,
        "test_pooling_speed": 0,  # informational
    },
    "test_lenet_hidden.py": {
        "test_softmax_cross_entropy_matches_torch": 4,
        "test_softmax_cross_entropy_is_stable": 2,
        "test_softmax_cross_entropy_numerical_gradient": 2,
        "test_parameter_count_and_shapes": 2,
        "test_structure": 1,
        "test_initialisation": 2,
        "test_forward_backward_match_torch": 10,
        "test_backward_matches_numerical_gradient": 4,
        "test_float32_model": 2,
        "test_predict": 2,
        "test_rejects_bad_arguments": 1,
        "test_train_updates_the_live_parameters_and_lowers_the_loss": 4,
        "test_train_follows_the_contract_exactly": 3,
        "test_mnist_training_reaches_accuracy": 6,
    },
    "test_lenet_torch_hidden.py": {
        "test_static_rules": 4,
        "test_init_params": 3,
        "test_from_numpy": 3,
        "test_forward_and_gradients_match_numpy_lenet": 10,
        "test_float32_forward": 2,
        "test_rejects_bad_arguments": 1,
        "test_cross_entropy_matches_torch": 4,
        "test_sgd_step_matches_torch_optim": 3,
        "test_adam_step_matches_torch_optim": 5,
        "test_train_follows_the_contract": 3,
        "test_mnist_training_reaches_97_percent": 6,
    },
    "test_lenet_paper_hidden.py": {
        "test_c3_table_is_table_one": 3,
        "test_parameter_counts_and_fixed_codes": 3,
        "test_scaled_tanh": 3,
        "test_subsampling": 5,
        "test_sparse_conv_matches_a_masked_torch_conv": 6,
        "test_rbf_output": 4,
        "test_codes_never_trained": 2,
        "test_map_loss": 4,
        "test_mse_loss": 1,
        "test_prepare": 2,
        "test_initialisation_is_uniform_2_4_over_fan_in": 2,
        "test_model_matches_the_reference_on_the_same_weights": 6,
        "test_model_gradients_match_numerical": 4,
        "test_mnist_training_reaches_accuracy": 6,
    },
    "test_exercises_hidden.py": {
        "test_receptive_field_matches_counting": 6,
        "test_init_draws_as_documented": 4,
        "test_activation_study_matches_the_reference": 4,
    },
}

WEIGHTS: dict[str, float] = {
    f"{file}::{function}": float(weight)
    for file, functions in _HIDDEN.items()
    for function, weight in functions.items()
}


def points_for(file_name: str, function_name: str) -> float:
    """The weight of a test function (all its parametrized cases together).

    file_name may be a bare name ("test_conv_hidden.py") or a path; function_name is the
    function's name without parametrization ("test_forward_backward_match_torch").
    """
    name = PurePath(file_name).name
    function = function_name.split("[", 1)[0]
    return WEIGHTS.get(f"{name}::{function}", DEFAULT_WEIGHT)
