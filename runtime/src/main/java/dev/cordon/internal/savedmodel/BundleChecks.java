package dev.cordon.internal.savedmodel;

import dev.cordon.runtime.ModelBuildException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tensorflow.proto.NodeDef;

/**
 * Checks a SavedModel whole before anything of it reaches a graph, so that a broken one is refused
 * at import (or {@code build()}) naming the path and the part, never at its first call with
 * "Attempting to use uninitialized value":
 *
 * <ul>
 *   <li>the init op and the saver's restore op and filename tensor, when named, are nodes of the
 *       graph, and every node the import keeps has all its inputs;
 *   <li>when the restore op restores variables that a signature uses, {@code variables/} holds a
 *       checkpoint: {@code variables.index} and every {@code variables.data-NNNNN-of-MMMMM} shard
 *       (a damaged one is then reported by the restore itself, see {@link VariableRestore});
 *   <li>every asset of {@code asset_file_def} is a file under {@code assets/}: {@link #assets}
 *       gives each asset placeholder its path, as TensorFlow's loader does.
 * </ul>
 */
final class BundleChecks {

  private static final Pattern SHARD = Pattern.compile("variables\\.data-(\\d{5})-of-(\\d{5})");

  private BundleChecks() {}

  /** The graph: init op, restore op, filename tensor and every kept node's inputs exist. */
  static void checkGraph(ImportPlan plan, String name, String location) {
    String where = name + ": " + location + ": ";
    if (plan.initOp() != null && !plan.nodes().containsKey(plan.initOp())) {
      throw new ModelBuildException(where + "the init op '" + plan.initOp()
          + "' named by the MetaGraph is not a node of its graph; the SavedModel is incomplete");
    }
    if (plan.restoreOp() != null) {
      if (!plan.nodes().containsKey(plan.restoreOp())) {
        throw new ModelBuildException(where + "the saver's restore op '" + plan.restoreOp()
            + "' (saver_def.restore_op_name) is not a node of the graph; the variables cannot be restored");
      }
      if (!plan.nodes().containsKey(plan.filenameOp())) {
        throw new ModelBuildException(where + "the saver's filename tensor '" + plan.filenameTensor()
            + "' (saver_def.filename_tensor_name) is not in the graph; the variables cannot be restored");
      }
    }
    for (String n : plan.keptNodes()) {
      NodeDef node = plan.nodes().get(n);
      for (String input : node.getInputList()) {
        if (!plan.nodes().containsKey(GraphDefs.opName(input))) {
          throw new ModelBuildException(where + "node '" + n + "' takes input '" + input
              + "', which the graph does not have; the SavedModel is damaged");
        }
      }
    }
  }

  /** The files: a checkpoint when variables are to be restored (after the op policy: nothing read before). */
  static void checkFiles(ImportPlan plan, Path dir, String name, String location) {
    if (plan.restoreOp() != null && restoresVariables(plan)) {
      checkCheckpoint(dir.resolve("variables"), name + ": " + location + ": ");
    }
  }

  /** Whether the import keeps any variable: then the checkpoint must be there. */
  static boolean restoresVariables(ImportPlan plan) {
    for (String n : plan.keptNodes()) {
      String op = plan.nodes().get(n).getOp();
      if (op.equals("VarHandleOp") || op.equals("VariableV2") || op.equals("Variable")) {
        return true;
      }
    }
    return false;
  }

  private static void checkCheckpoint(Path variables, String where) {
    Path index = variables.resolve("variables.index");
    if (!Files.isDirectory(variables)) {
      throw new ModelBuildException(where + "the variables folder " + variables
          + " is missing: the SavedModel has variables and its restore op needs their checkpoint");
    }
    if (!Files.isRegularFile(index)) {
      throw new ModelBuildException(where + "the checkpoint index " + index
          + " is missing: the SavedModel has variables and its restore op needs their checkpoint");
    }
    Map<Integer, Integer> shards = new LinkedHashMap<>();
    int total = -1;
    try (Stream<Path> files = Files.list(variables)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Matcher m = SHARD.matcher(f.getFileName().toString());
        if (m.matches() && Files.isRegularFile(f)) {
          int of = Integer.parseInt(m.group(2));
          if (total >= 0 && total != of) {
            throw new ModelBuildException(where + "the checkpoint in " + variables
                + " mixes data shards of " + total + " and of " + of + " files; it is damaged");
          }
          total = of;
          shards.put(Integer.parseInt(m.group(1)), of);
        }
      }
    } catch (IOException e) {
      throw new ModelBuildException(where + "cannot list the variables folder " + variables + ": " + e.getMessage(), e);
    }
    if (total < 0) {
      throw new ModelBuildException(where + "the checkpoint data " + variables.resolve("variables.data-00000-of-00001")
          + " is missing (no variables.data-*-of-* file next to " + index + ")");
    }
    TreeSet<String> missing = new TreeSet<>();
    for (int i = 0; i < total; i++) {
      if (!shards.containsKey(i)) {
        missing.add(String.format("variables.data-%05d-of-%05d", i, total));
      }
    }
    if (!missing.isEmpty()) {
      throw new ModelBuildException(where + "the checkpoint in " + variables + " lacks data shard(s) " + missing);
    }
  }

  /**
   * Each kept asset placeholder tensor ({@code node:index}, as in the SavedModel) to its file
   * under {@code dir/assets/}. An asset naming a file outside {@code assets/} or a file that is
   * not there is refused.
   */
  static Map<String, Path> assets(ImportPlan plan, Path dir, String name, String location) {
    Map<String, Path> out = new LinkedHashMap<>();
    Path assets = dir.resolve("assets").toAbsolutePath().normalize();
    for (Map.Entry<String, String> e : plan.assets().entrySet()) {
      if (!plan.keptNodes().contains(GraphDefs.opName(e.getKey()))) {
        continue;
      }
      String file = e.getValue();
      Path path = assets.resolve(file).normalize();
      if (file.isEmpty() || Path.of(file).isAbsolute() || !path.startsWith(assets) || path.equals(assets)) {
        throw new ModelBuildException(name + ": " + location + ": asset '" + file + "' (placeholder '" + e.getKey()
            + "') names a file outside the SavedModel's assets/ folder; refused, nothing was read");
      }
      if (!Files.isRegularFile(path)) {
        throw new ModelBuildException(name + ": " + location + ": asset file " + path + " (placeholder '"
            + e.getKey() + "') is missing; the SavedModel's init op needs it");
      }
      try {
        if (!path.toRealPath().startsWith(assets.toRealPath())) {
          throw new ModelBuildException(name + ": " + location + ": asset '" + file + "' (placeholder '"
              + e.getKey() + "') links to " + path.toRealPath()
              + ", outside the SavedModel's assets/ folder; refused, nothing was read");
        }
      } catch (IOException x) {
        throw new ModelBuildException(name + ": " + location + ": cannot resolve asset file " + path + ": "
            + x.getMessage(), x);
      }
      out.put(e.getKey(), path);
    }
    return out;
  }
}
