package dev.cordon.internal.savedmodel;

import dev.cordon.internal.GraphHandle;
import dev.cordon.runtime.ModelBuildException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Session;
import org.tensorflow.types.TString;

/**
 * Restores an import's variables through the MetaGraph's {@code saver_def} (its imported filename
 * tensor fed with the SavedModel's {@code variables/variables}, its imported restore op run: the
 * restore op touches only this import's variables), then runs the MetaGraph's init op, if any.
 */
final class VariableRestore {

  private VariableRestore() {}

  static void restoreAndInit(GraphHandle handle, ImportPlan plan, ImportedNames names, Path dir, String name) {
    Path index = dir.resolve("variables").resolve("variables.index");
    boolean restore = plan.restoreOp() != null && Files.isRegularFile(index);
    String prefix = dir.resolve("variables").resolve("variables").toAbsolutePath().toString();
    handle.read(name + " restore", () -> {
      Session session = handle.session();
      if (restore) {
        String filename = names.of(plan.filenameTensor());
        String restoreOp = names.of(plan.restoreOp());
        try (TString file = TString.scalarOf(prefix)) {
          session.runner().feed(filename, file).addTarget(restoreOp).run().close();
        } catch (RuntimeException e) {
          throw new ModelBuildException(name + ": restoring the variables from " + prefix
              + " (restore op '" + restoreOp + "') failed: " + e.getMessage(), e);
        }
      }
      if (plan.initOp() != null) {
        String initOp = names.of(plan.initOp());
        try {
          session.runner().addTarget(initOp).run().close();
        } catch (RuntimeException e) {
          throw new ModelBuildException(name + ": the SavedModel's init op '" + initOp + "' failed: "
              + e.getMessage(), e);
        }
      }
      return null;
    });
  }
}
