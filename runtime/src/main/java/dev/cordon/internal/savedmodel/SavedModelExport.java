package dev.cordon.internal.savedmodel;

import dev.cordon.internal.GraphHandle;
import dev.cordon.internal.StagedDirectory;
import dev.cordon.runtime.savedmodel.SavedModelExportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * Writes a SavedModel of one part of a live graph: a model (or the models of a composition that
 * share one graph), without anything else the graph holds.
 *
 * <p>How it is built:
 *
 * <ol>
 *   <li>The part is cut out of {@code graph.toGraphDef()}: every node the signature outputs and the
 *       part's variables reach through data and control inputs, stopping at the signature inputs.
 *       Each signature input becomes a {@code Placeholder} of its declared dtype and shape (so an
 *       input a composition wires to another model's output is cut loose from that model). Every
 *       kept node must lie under one of the part's scopes; otherwise the export is refused, naming
 *       the foreign ops ({@link ExportCut}). Library functions are kept when a kept node
 *       calls them, directly or through other functions.
 *   <li>The cut-out graph is imported into a fresh {@link Graph} with its original op names
 *       ({@code <scope>/...}), and a saver is added under a root scope of its own ({@code save},
 *       or {@code save_1}... if a part's scope is named {@code save}): {@code SaveV2} over reads of
 *       the resource variables, and a {@code RestoreV2} feeding {@code AssignVariableOp}s grouped by
 *       {@code <saver>/restore_all} ({@link ExportSaver}). The MetaGraph's {@code saver_def} names them (format V2), so
 *       plain TensorFlow ({@code SavedModelBundle.load}, Python's loader, TF Serving) restores the
 *       variables on load. Cordon uses resource variables, which {@code Session.save} and TF Java's
 *       {@code SavedModelBundle.exporter} ignore; hence this saver. The variables stay real
 *       variables: the SavedModel is not frozen.
 *   <li>The variables' current values are read from the live session in one run, assigned to the
 *       fresh graph's variables in a session of its own, and written by its {@code SaveV2} to
 *       {@code variables/variables}. For a model the checkpoint keys are the scope-relative
 *       variable names, so {@code variables/} is also a Cordon checkpoint of the model.
 *   <li>{@code saved_model.pb} holds one MetaGraph tagged {@code serve} with the signatures
 *       ({@link ExportSignature}, method {@code tensorflow/serving/predict}). Everything is written into a hidden staging
 *       sibling of the target, forced to disk and swapped in by renames ({@link StagedDirectory}:
 *       after a crash at any step, Cordon finds the old or the new export at the target).
 * </ol>
 */
public final class SavedModelExport {

  static final String SERVE_TAG = "serve";
  public static final String MARKER = "saved_model.pb";

  /** Test hook: runs on the filled staging directory just before it is swapped in. */
  public static volatile StagedDirectory.Contents beforeSwapForTests;

  private SavedModelExport() {}

  /**
   * Exports the part of {@code handle}'s graph under {@code scopes} to {@code dir}. The caller
   * holds the handle's read lock and keeps the variables still (the values are read in one run).
   */
  public static void export(
      String what, GraphHandle handle, Set<String> scopes, List<ExportSignature> signatures,
      List<ExportVariable> variables, Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    if (target.getParent() == null) {
      throw new SavedModelExportException(what + ": cannot export a SavedModel at the file-system root");
    }
    try {
      if (!StagedDirectory.isReplaceable(target, MARKER)) {
        throw new SavedModelExportException(
            what + ": " + target + " exists and is not a SavedModel (no " + MARKER
                + "); refusing to replace it. Choose an empty or new directory.");
      }
      GraphDef part = ExportCut.cut(what, handle.graph().toGraphDef(), scopes, signatures, variables);
      try (Graph graph = new Graph()) {
        graph.importGraphDef(part);
        ExportSaver saver = variables.isEmpty() ? null : new ExportSaver(graph, saverScope(scopes), variables);
        GraphDef exported = graph.toGraphDef();
        if (saver != null) {
          saver.addLoadOps(graph);
        }
        SavedModel savedModel = SavedModel.newBuilder()
            .setSavedModelSchemaVersion(1)
            .addMetaGraphs(metaGraph(exported, saver, signatures))
            .build();
        try (Session session = new Session(graph)) {
          if (saver != null) {
            saver.load(handle.session(), session);
          }
          StagedDirectory.write(target, staging -> {
            Files.write(staging.resolve(MARKER), savedModel.toByteArray());
            Path vars = Files.createDirectories(staging.resolve("variables"));
            if (saver != null) {
              saver.save(session, vars.resolve("variables"));
            }
            StagedDirectory.Contents hook = beforeSwapForTests;
            if (hook != null) {
              hook.writeTo(staging);
            }
          });
        }
      }
    } catch (IOException | TensorFlowException | IllegalArgumentException e) {
      throw new SavedModelExportException(
          what + ": could not export a SavedModel to " + target + ": " + e.getMessage()
              + " (an earlier export there, if any, is intact)", e);
    }
  }

  /** A root scope for the saver that no op of the part uses. */
  private static String saverScope(Set<String> scopes) {
    Set<String> roots = new LinkedHashSet<>();
    for (String s : scopes) {
      roots.add(s.split("/", 2)[0]);
    }
    String name = "save";
    for (int i = 1; roots.contains(name); i++) {
      name = "save_" + i;
    }
    return name;
  }

  private static MetaGraphDef metaGraph(GraphDef graphDef, ExportSaver saver, List<ExportSignature> signatures) {
    MetaGraphDef.Builder meta = MetaGraphDef.newBuilder()
        .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder()
            .addTags(SERVE_TAG)
            .setTensorflowVersion(TensorFlow.version()))
        .setGraphDef(graphDef);
    if (saver != null) {
      meta.setSaverDef(saver.saverDef());
    }
    for (ExportSignature s : signatures) {
      meta.putSignatureDef(s.key(), s.signatureDef());
    }
    return meta.build();
  }
}
