package dev.cordon;

/**
 * How a {@link Variable} is initialised. The random kinds draw from stateless random ops seeded
 * by the model's seed and the variable's name, so the same seed gives the same weights in any
 * graph, whatever else was built before.
 */
public enum Init {
  /** All zeros. */
  ZEROS,
  /** All ones. */
  ONES,
  /** Uniform in ±sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio, 2010). */
  GLOROT_UNIFORM,
  /** Truncated normal with stddev sqrt(2 / (fanIn + fanOut)). */
  GLOROT_NORMAL,
  /** Uniform in ±sqrt(6 / fanIn) (He et al., 2015), for ReLU layers. */
  HE_UNIFORM,
  /** Truncated normal with stddev sqrt(2 / fanIn), for ReLU layers. */
  HE_NORMAL,
  /** Truncated normal with stddev sqrt(1 / fanIn) (LeCun). */
  LECUN_NORMAL
}
