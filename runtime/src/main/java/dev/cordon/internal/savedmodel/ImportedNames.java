package dev.cordon.internal.savedmodel;

import java.util.Map;

/**
 * How the names of a SavedModel's graph map to those of its import: {@code <scope>/} before each,
 * and the root nodes the import renamed ({@code Init...}, see {@link ImportRewrite}).
 *
 * @param scope the scope the import lives under
 * @param renames root nodes renamed by the import, old name to new
 */
public record ImportedNames(String scope, Map<String, String> renames) {

  public ImportedNames {
    renames = Map.copyOf(renames);
  }

  /** The imported name of a node or tensor ({@code name}, {@code name:1}, {@code ^name}: no). */
  public String of(String nameInSavedModel) {
    return scope + "/" + unscoped(nameInSavedModel);
  }

  /** As {@link #of}, without the scope: the name in the rewritten GraphDef. */
  String unscoped(String nameInSavedModel) {
    String op = GraphDefs.opName(nameInSavedModel);
    return renames.getOrDefault(op, op) + nameInSavedModel.substring(op.length());
  }
}
