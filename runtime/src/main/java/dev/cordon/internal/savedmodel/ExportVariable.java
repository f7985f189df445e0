package dev.cordon.internal.savedmodel;

import dev.cordon.internal.ModelVariable;

/**
 * A variable of an exported part and its key in {@code variables/}.
 *
 * @param key the checkpoint key: for a model, the scope-relative name (so {@code variables/} is
 *     also a Cordon checkpoint of the model)
 * @param variable the live variable
 */
public record ExportVariable(String key, ModelVariable<?> variable) {}
