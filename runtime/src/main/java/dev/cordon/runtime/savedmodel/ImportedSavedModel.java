package dev.cordon.runtime.savedmodel;

import dev.cordon.internal.Arguments;
import dev.cordon.internal.savedmodel.SavedModelImporter;
import dev.cordon.internal.GraphHandle;
import dev.cordon.runtime.savedmodel.SavedModelSignature.TensorSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;

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
    Arguments.name(name(), "signature", "signature", key, signatures.keySet());
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
    return imported.names().of(Arguments.notNull(name(), "importedName", "nameInSavedModel", nameInSavedModel));
  }

  /**
   * Runs signature {@code key}: feeds each input by its key and fetches every output, by key. Every
   * input is checked (missing, unknown, null, dtype, declared shape) before native code runs.
   */
  public SignatureOutputs run(String key, Map<String, ? extends Tensor> inputs) {
    Arguments.open(handle.isClosed(), name(), "run", "the import");
    Arguments.name(name(), "run", "signature", key, signatures.keySet());
    SavedModelSignature sig = signature(key);
    String call = name() + "." + key;
    Arguments.signatureInputs(call, sig.inputs(), inputs);
    List<String> outputKeys = new ArrayList<>(sig.outputs().keySet());
    return handle.read(call, () -> {
      Session.Runner runner = handle.session().runner();
      for (TensorSpec in : sig.inputs().values()) {
        runner.feed(importedName(in.tensorName()), inputs.get(in.key()));
      }
      for (String out : outputKeys) {
        // its own copy when the output may share a buffer with a variable or a constant
        runner.fetch(imported.fetchName(sig.outputs().get(out).tensorName()));
      }
      Result result = runner.run();
      return new SignatureOutputs(call, outputKeys, result);
    });
  }

  /** Closes the graph and session if the import has its own ({@code importAlone}); else nothing. */
  @Override
  public void close() {
    if (ownsGraph) {
      handle.close();
    }
  }
}
