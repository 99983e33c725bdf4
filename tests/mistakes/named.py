"""For each mistake of the catalog: the words by which feedback names it (any of them,
case-insensitive). A "likely mistake" line that holds none of them is a wrong claim.
Read by tests/mistakes/measure.py; tests/coursekit/test_diagnose.py checks every mistake has words.
"""

# The parts whose visible feedback goes through coursekit's diagnoses. Parts 6 and 7 are not
# measured yet: their visible tests say what differs but claim no likely mistake.
PARTS_NAMED = ("padding", "im2col", "conv", "pooling", "lenet", "exercises")

NAMED_BY: dict[str, tuple[str, ...]] = {
    # padding
    "output_size_missing_plus_one": ("+ 1",),
    "output_size_ceil": ("floor",),
    "output_size_no_error_when_kernel_too_big": ("ValueError",),
    "same_pad_accepts_even_kernels": ("ValueError",),
    "pad2d_all_padding_bottom_right": ("bottom and right",),
    "pad2d_ignores_value": ("fill value",),
    "pad2d_pair_swapped": ("(ph, pw)", "H and W are swapped"),
    "pad2d_float64_output": ("promoted float32 to float64",),
    "pad2d_zero_pad_returns_input": ("new array",),
    # im2col
    "im2col_columns_c_kh_kw": ("(c, kh, kw)",),
    "im2col_rows_w_before_h": ("(n, w_out, h_out)",),
    "im2col_ignores_stride": ("stride",),
    "im2col_ignores_padding": ("padding", "pad"),
    "col2im_overwrites": ("+=", "accumulate"),
    "col2im_crops_top_left": ("crop",),
    "col2im_ignores_stride": ("stride",),
    # conv
    "conv_flipped_kernel": ("kernel flipped", "flipped kernel"),
    "conv_forward_without_bias": ("bias left out", "check the bias"),
    "conv_bias_grad_averaged": ("averaged instead of summed", "divided where you should sum"),
    "conv_bias_grad_missing": ("all zeros",),
    "conv_dw_overwritten_per_image": ("+=", "accumulate", "last image"),
    "conv_backward_ignores_stride": ("stride",),
    "conv_dx_flipped_kernel": ("dx computed with the flipped kernel", "flipped kernel"),
    "conv_he_fan_in_without_channels": ("fan_in = KH*KW*C_in",),
    "conv_he_scale_lecun": ("sqrt(2 / fan_in)",),
    "conv_layer_backward_drops_grads": ("all zeros", "self.dw"),
    # pooling
    "maxpool_grad_spread_over_window": ("spread", "evenly"),
    "maxpool_ties_go_to_last": ("last max wins",),
    "maxpool_indices_within_window": ("inside its window", "within the window"),
    "maxpool_stride_defaults_to_one": ("stride=None",),
    "maxpool_ceil_mode": ("partial window", "floor"),
    "avgpool_grad_not_divided": ("window size", "PH*PW", "summed where you should average"),
    "global_avgpool_grad_not_divided": ("H*W", "summed where you should average"),
    "global_avgpool_backward_writes_into_dout": ("read-only", "never write into"),
    # lenet
    "softmax_unstable": ("row max", "NaN or inf"),
    "softmax_shifts_logits_in_place": ("read-only", "never write into"),
    "loss_summed_over_batch": ("loss summed, not averaged", "summed where you should average"),
    "loss_grad_not_divided_by_n": ("gradient not divided by N", "division by N"),
    "lenet_no_activation_after_c5": ("activation after C5", "after c5"),
    "lenet_pool_before_activation": ("pool before", "activation then pool"),
    "lenet_f6_100_units": ("84",),
    "lenet_params_without_biases": ("parameter names",),
    "lenet_same_seed_every_layer": ("one shared generator", "drawn after c1"),
    "predict_returns_max_logit": ("argmax", "labels are integers"),
    "train_never_steps": ("did not go down", "opt.step"),
    "train_no_shuffle": ("shuffle", "permutation"),
    # exercises
    "receptive_field_jump_first": ("size",),
    "receptive_field_ignores_padding": ("start",),
    "xavier_fan_in_only": ("sqrt(2 / (fan_in + fan_out))",),
    "he_without_factor_two": ("sqrt(2 / fan_in)",),
}
