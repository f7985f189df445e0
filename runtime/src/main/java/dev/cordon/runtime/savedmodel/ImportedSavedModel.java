package dev.cordon.runtime.savedmodel;

import dev.cordon.internal.savedmodel.SavedModelImporter;
import dev.cordon.internal.GraphHandle;
import dev.cordon.internal.Shapes;
import dev.cordon.runtime.savedmodel.SavedModelSignature.TensorSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;

/**
 * A SavedModel imported under a scope by {@link SavedModelImport}: its signatures, run by key.
 * Runs may come from several threads at once. Tensors passed in stay the caller's; the
 * {@link SignatureOutputs} of a run own the output tensors.
 */
public final class ImportedSavedModel implements AutoCloseable {

  private final SavedModelImporter.Imported imported;
  private final GraphHandle handle;
  private final boolean ownsGraph;
  private final Map<String, SavedModelSignature> signatures;

  ImportedSavedModel(SavedModelImporter.Imported imported, boolean ownsGraph) {
    this.imported = imported;
    this.handle = imported.handle();
    this.ownsGraph = ownsGraph;
    this.signatures = Collections.unmodifiableMap(new LinkedHashMap<>(imported.signatures()));
  }

  public String name() {
    return imported.name();
  }

  /** The scope every node of the import lives under. */
  public String scope() {
    return imported.scope();
  }

  /** Every signature of the MetaGraph, usable or not (see {@link SavedModelSignature#problems()}). */
  public Map<String, SavedModelSignature> signatures() {
    return signatures;
  }

  /**
   * The usable signature {@code key}. Throws {@link IllegalArgumentException} for an unknown key,
   * listing the keys, and for a malformed signature, naming each problem (key, both dtypes).
   */
  public SavedModelSignature signature(String key) {
    SavedModelSignature sig = signatures.get(key);
    if (sig == null) {
      throw new IllegalArgumentException(name() + " has no signature '" + key + "'; it has " + signatures.keySet());
    }
    if (!sig.usable()) {
      throw new IllegalArgumentException(name() + ": signature '" + key + "' is malformed and cannot run: "
          + String.join("; ", sig.problems()) + ". The other signatures are not affected.");
    }
    return sig;
  }

  /** The name of a node or tensor of the SavedModel's graph once imported (with the scope). */
  public String importedName(String nameInSavedModel) {
    return imported.names().of(nameInSavedModel);
  }

  /**
   * Runs signature {@code key}: feeds each input by its key and fetches every output, by key. Every
   * input is checked (missing, unknown, null, dtype, declared shape) before native code runs.
   */
  public SignatureOutputs run(String key, Map<String, ? extends Tensor> inputs) {
    SavedModelSignature sig = signature(key);
    String call = name() + "." + key;
    check(call, sig, inputs);
    List<String> outputKeys = new ArrayList<>(sig.outputs().keySet());
    return handle.read(call, () -> {
      Session.Runner runner = handle.session().runner();
      for (TensorSpec in : sig.inputs().values()) {
        runner.feed(importedName(in.tensorName()), inputs.get(in.key()));
      }
      for (String out : outputKeys) {
        runner.fetch(importedName(sig.outputs().get(out).tensorName()));
      }
      Result result = runner.run();
      return new SignatureOutputs(call, outputKeys, result);
    });
  }

  private static void check(String call, SavedModelSignature sig, Map<String, ? extends Tensor> inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException(call + " takes inputs " + sig.inputs().keySet() + ", got null");
    }
    for (String k : inputs.keySet()) {
      if (!sig.inputs().containsKey(k)) {
        throw new IllegalArgumentException(call + " has no input '" + k + "'; its inputs are " + sig.inputs().keySet());
      }
    }
    for (TensorSpec in : sig.inputs().values()) {
      Tensor value = inputs.get(in.key());
      if (value == null) {
        throw new IllegalArgumentException(call + ": input '" + in.key() + "' is missing or null; expected "
            + describe(in));
      }
      if (value.dataType() != in.dtype() || !fits(in.shape(), value.shape())) {
        throw new IllegalArgumentException(call + ": input '" + in.key() + "' expects " + describe(in)
            + ", got " + value.dataType() + " of shape " + Shapes.format(value.shape()));
      }
    }
  }

  private static boolean fits(Shape expected, Shape actual) {
    if (expected.isUnknown()) {
      return true;
    }
    if (expected.numDimensions() != actual.numDimensions()) {
      return false;
    }
    for (int d = 0; d < expected.numDimensions(); d++) {
      if (expected.get(d) >= 0 && expected.get(d) != actual.get(d)) {
        return false;
      }
    }
    return true;
  }

  private static String describe(TensorSpec in) {
    return in.dtype() + " of shape " + (in.shape().isUnknown() ? "<unknown rank>" : Shapes.format(in.shape()));
  }

  /** Closes the graph and session if the import has its own ({@code importAlone}); else nothing. */
  @Override
  public void close() {
    if (ownsGraph) {
      handle.close();
    }
  }
}
