package dev.cordon.internal.savedmodel;

import dev.cordon.internal.ModelVariable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.op.train.Save;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * The saver of an exported graph, under a root scope of its own: {@code SaveV2} over reads of the
 * resource variables, and a {@code RestoreV2} feeding {@code AssignVariableOp}s grouped by
 * {@code <saver>/restore_all}. The MetaGraph's {@code saver_def} names them (format V2), so plain
 * TensorFlow ({@code SavedModelBundle.load}, Python's loader, TF Serving) restores the variables on
 * load. Cordon uses resource variables, which {@code Session.save} and TF Java's
 * {@code SavedModelBundle.exporter} ignore; hence this saver.
 */
final class ExportSaver {

  private final List<ExportVariable> variables;
  private final Placeholder<TString> filename;
  private final Save save;
  private final Op saveDone;
  private final Op restoreAll;
  private final List<Operand<? extends TType>> handles = new ArrayList<>();
  private final List<Placeholder<?>> values = new ArrayList<>();
  private Op loadAll;

  ExportSaver(Graph graph, String scope, List<ExportVariable> variables) {
    this.variables = variables;
    Ops tf = Ops.create(graph).withSubScope(scope);
    String[] keys = new String[variables.size()];
    String[] slices = new String[variables.size()];
    List<Operand<?>> reads = new ArrayList<>();
    List<Class<? extends TType>> types = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      ModelVariable<?> v = variables.get(i).variable();
      Operand<? extends TType> h = graph.operation(v.handle().op().name()).output(0);
      handles.add(h);
      keys[i] = variables.get(i).key();
      slices[i] = "";
      reads.add(tf.readVariableOp(h, v.type()));
      types.add(v.type());
    }
    filename = tf.withName("filename").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    Operand<TString> keyOp = tf.withName("keys").constant(StdArrays.ndCopyOf(keys));
    Operand<TString> sliceOp = tf.withName("slices").constant(StdArrays.ndCopyOf(slices));
    save = tf.withName("save").train.save(filename, keyOp, sliceOp, reads);
    saveDone = tf.withName("control_dependency").withControlDependencies(List.of(save)).identity(filename);
    Restore restore = tf.withName("restore").train.restore(filename, keyOp, sliceOp, types);
    List<Op> assigns = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      assigns.add(tf.assignVariableOp(handles.get(i), restore.tensors().get(i)));
    }
    restoreAll = tf.withName("restore_all").withControlDependencies(assigns).noOp();
  }

  /** Adds ops that fill the variables on export; called after the SavedModel's graph def is taken. */
  void addLoadOps(Graph graph) {
    Ops load = Ops.create(graph).withSubScope("cordon.export.load");
    List<Op> loads = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      ModelVariable<?> v = variables.get(i).variable();
      Placeholder<?> value = load.placeholder(v.type(), Placeholder.shape(v.shape()));
      values.add(value);
      loads.add(load.assignVariableOp(handles.get(i), value));
    }
    loadAll = load.withName("load_all").withControlDependencies(loads).noOp();
  }

  SaverDef saverDef() {
    return SaverDef.newBuilder()
        .setFilenameTensorName(filename.op().name() + ":0")
        .setSaveTensorName(saveDone.op().name() + ":0")
        .setRestoreOpName(restoreAll.op().name())
        .setMaxToKeep(5)
        .setKeepCheckpointEveryNHours(10000f)
        .setVersion(SaverDef.CheckpointFormatVersion.V2)
        .build();
  }

  /** Copies the variables' current values from the live session into the export session. */
  void load(Session live, Session export) {
    Session.Runner read = live.runner();
    for (ExportVariable v : variables) {
      read.fetch(v.variable().read());
    }
    try (Result current = read.run()) {
      Session.Runner assign = export.runner();
      for (int i = 0; i < variables.size(); i++) {
        assign.feed(values.get(i), current.get(i));
      }
      assign.addTarget(loadAll).run().close();
    }
  }

  void save(Session export, Path prefix) {
    try (TString p = TString.scalarOf(prefix.toString())) {
      export.runner().feed(filename, p).addTarget(save).run().close();
    }
  }
}
