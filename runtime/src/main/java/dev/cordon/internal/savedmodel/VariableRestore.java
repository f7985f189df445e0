package dev.cordon.internal.savedmodel;

import dev.cordon.internal.GraphHandle;
import dev.cordon.runtime.ModelBuildException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TString;

/**
 * Restores an import's variables through the MetaGraph's {@code saver_def} (its imported filename
 * tensor fed with the SavedModel's {@code variables/variables}, its imported restore op run: the
 * restore op touches only this import's variables), then runs the MetaGraph's init op, if any.
 * Both runs feed every asset placeholder ({@code asset_file_def}) with its file under
 * {@code assets/}, as TensorFlow's loader does. Then every variable a signature or the init op
 * uses must be initialised: one that is not (a checkpoint without it, an init op that skips it) is
 * refused here, naming it, never at the first call.
 */
final class VariableRestore {

  private VariableRestore() {}

  static void restoreAndInit(
      GraphHandle handle, ImportPlan plan, ImportRewrite.Result rewritten, Map<String, Path> assets, Path dir,
      String name) {
    ImportedNames names = rewritten.names();
    boolean restore = plan.restoreOp() != null
        && (BundleChecks.restoresVariables(plan)
            || java.nio.file.Files.isRegularFile(dir.resolve("variables").resolve("variables.index")));
    Path variables = dir.resolve("variables").toAbsolutePath();
    String prefix = variables.resolve("variables").toString();
    handle.read(name + " restore", () -> {
      Session session = handle.session();
      List<TString> assetTensors = new ArrayList<>();
      try {
        for (Path p : assets.values()) {
          assetTensors.add(TString.scalarOf(p.toString()));
        }
        if (restore) {
          String filename = names.of(plan.filenameTensor());
          String restoreOp = names.of(plan.restoreOp());
          try (TString file = TString.scalarOf(prefix)) {
            Session.Runner runner = feedAssets(session.runner(), names, assets, assetTensors);
            runner.feed(filename, file).addTarget(restoreOp).run().close();
          } catch (RuntimeException e) {
            throw new ModelBuildException(name + ": the checkpoint in " + variables + " (variables.index and "
                + "variables.data-*) is damaged or does not fit the graph: restoring it (restore op '" + restoreOp
                + "') failed: " + e.getMessage(), e);
          }
        }
        if (plan.initOp() != null) {
          String initOp = names.of(plan.initOp());
          try {
            feedAssets(session.runner(), names, assets, assetTensors).addTarget(initOp).run().close();
          } catch (RuntimeException e) {
            throw new ModelBuildException(name + ": the SavedModel's init op '" + initOp + "' failed: "
                + e.getMessage(), e);
          }
        }
      } finally {
        assetTensors.forEach(Tensor::close);
      }
      checkInitialized(session, rewritten, names, name, restore ? prefix : null);
      return null;
    });
  }

  private static Session.Runner feedAssets(
      Session.Runner runner, ImportedNames names, Map<String, Path> assets, List<TString> tensors) {
    int i = 0;
    for (String tensor : assets.keySet()) {
      runner.feed(names.of(tensor), tensors.get(i++));
    }
    return runner;
  }

  private static void checkInitialized(
      Session session, ImportRewrite.Result rewritten, ImportedNames names, String name, String prefix) {
    Map<String, String> checks = rewritten.initializedChecks();
    if (checks.isEmpty()) {
      return;
    }
    Session.Runner runner = session.runner();
    List<String> variables = new ArrayList<>(checks.keySet());
    for (String v : variables) {
      runner.fetch(names.scope() + "/" + checks.get(v));
    }
    List<String> missing = new ArrayList<>();
    try (Result r = runner.run()) {
      for (int i = 0; i < variables.size(); i++) {
        if (!((TBool) r.get(i)).getBoolean()) {
          missing.add(variables.get(i));
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new ModelBuildException(name + ": variable(s) " + missing + " are still uninitialised after "
          + (prefix == null ? "import (the SavedModel has no checkpoint to restore: no saver_def restore op or no "
              + "variables/ folder)" : "restoring " + prefix)
          + " and running the init op; the SavedModel is incomplete (its checkpoint or init op does not cover them)");
    }
  }
}
