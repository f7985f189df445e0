package dev.cordon.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text of a Keras-like {@code summary()}: one row per layer (the variables sharing a name
 * prefix, such as {@code hidden/kernel} and {@code hidden/bias}) with shapes and parameter counts,
 * then the totals, trainable and not. A model's summary is one table; a composition's has a
 * section per member. Not API.
 */
public final class VariableTable {

  private static final String FORMAT = "%-28s %-36s %12s%n";
  /** A line of {@code =} as wide as the table. */
  public static final String RULE = "=".repeat(78) + "\n";

  private VariableTable() {}

  /** The column heads, between rules. */
  public static String header(String first) {
    return RULE + String.format(Locale.ROOT, FORMAT, first, "Variables", "Params") + RULE;
  }

  /** One row per variable, grouped by layer; the layer's parameter count on its first row. */
  public static String rows(List<ModelVariable<?>> variables, String indent) {
    Map<String, List<ModelVariable<?>>> layers = new LinkedHashMap<>();
    for (ModelVariable<?> v : variables) {
      int slash = v.path().lastIndexOf('/');
      String layer = slash < 0 ? "(model)" : v.path().substring(0, slash);
      layers.computeIfAbsent(layer, k -> new ArrayList<>()).add(v);
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, List<ModelVariable<?>>> e : layers.entrySet()) {
      boolean first = true;
      long params = 0;
      for (ModelVariable<?> v : e.getValue()) {
        params += v.shape().size();
      }
      for (ModelVariable<?> v : e.getValue()) {
        String leaf = v.path().substring(v.path().lastIndexOf('/') + 1);
        String desc = leaf + " " + v.shape() + (v.trainable() ? "" : " (non-trainable)");
        b.append(String.format(Locale.ROOT, FORMAT, first ? indent + e.getKey() : "", desc,
            first ? String.format(Locale.ROOT, "%,d", params) : ""));
        first = false;
      }
    }
    return b.toString();
  }

  /** The parameters of {@code variables}: every one, or the trainable ones only. */
  public static long parameters(List<ModelVariable<?>> variables, boolean trainableOnly) {
    long n = 0;
    for (ModelVariable<?> v : variables) {
      if (!trainableOnly || v.trainable()) {
        n += v.shape().size();
      }
    }
    return n;
  }

  /** The three total lines. */
  public static String totals(List<ModelVariable<?>> variables) {
    long all = parameters(variables, false);
    long trainable = parameters(variables, true);
    return String.format(Locale.ROOT, "Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n",
        all, trainable, all - trainable);
  }
}
