package dev.cordon.internal;

import dev.cordon.internal.savedmodel.SavedModelExport;
import dev.cordon.runtime.CheckpointException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Saves and restores exactly one model's variables, keyed by their scope-relative names, so that
 * a checkpoint restores into the same model built under any scope.
 *
 * <p>A checkpoint folder holds versions, each TensorFlow's {@code <version>.index} and
 * {@code <version>.data-*} files, and a pointer file, {@code cordon-checkpoint}, naming the one to
 * restore and the ones kept (TensorFlow's {@code CheckpointState} text format, as its
 * {@code CheckpointManager} writes). A save, as TensorFlow's checkpoint manager does:
 *
 * <ol>
 *   <li>writes a new version {@code ckpt-<n>} ({@code SaveV2}) next to the others, forces its
 *       files and the folder to disk;
 *   <li>writes the new pointer to {@code .cordon-checkpoint.tmp}, forces it, and renames it over
 *       {@code cordon-checkpoint} (one atomic rename: the commit), then forces the folder;
 *   <li>deletes what the pointer no longer lists: versions older than the last {@value #KEEP},
 *       and leftovers of interrupted saves.
 * </ol>
 *
 * <p>So at every instant the pointer names a complete version: a crash before the rename leaves
 * the previous checkpoint, after it the new one. A flat folder ({@code variables.index} and
 * {@code variables.data-*} directly inside, as earlier Cordon versions and a SavedModel's
 * {@code variables/} hold them) restores as it is, and counts as the oldest version of the next
 * save. Only names Cordon writes are ever deleted. Restoring reads and checks every tensor before
 * assigning any, so a failed restore leaves the weights as they were.
 */
public final class Checkpoints {

  /** The flat checkpoint's index, in folders written before versions (and in exports). */
  public static final String INDEX_FILE = "variables.index";
  public static final String POINTER_FILE = "cordon-checkpoint";
  public static final String POINTER_TMP = ".cordon-checkpoint.tmp";
  /** How many versions a folder keeps: the new one and the one before, should it be wanted. */
  public static final int KEEP = 2;
  private static final String PREFIX = "variables";
  private static final String VERSION_PREFIX = "ckpt-";
  private static final Pattern VERSION_NAME = Pattern.compile("ckpt-[0-9]{1,18}|variables");
  private static final Pattern VERSION_FILE = Pattern.compile(
      "(ckpt-[0-9]{1,18}|variables)\\.(?:index|data-[0-9]+-of-[0-9]+)(?:\\.tempstate[0-9]+)?");
  private static final Pattern POINTER_LINE =
      Pattern.compile("(model_checkpoint_path|all_model_checkpoint_paths): \"([^\"]*)\"");

  private final String modelName;
  private final GraphHandle handle;
  private final List<ModelVariable<?>> variables;
  private final Placeholder<TString> filename;
  private final Op save;
  private final Restore restore;
  private final List<Placeholder<?>> values = new ArrayList<>();
  private final Op assignAll;

  Checkpoints(String modelName, GraphHandle handle, Ops tf, List<ModelVariable<?>> variables) {
    this.modelName = modelName;
    this.handle = handle;
    this.variables = List.copyOf(variables);
    String[] keys = new String[variables.size()];
    String[] slices = new String[variables.size()];
    List<Operand<?>> reads = new ArrayList<>();
    List<Class<? extends TType>> types = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      ModelVariable<?> v = variables.get(i);
      keys[i] = v.path();
      slices[i] = "";
      reads.add(v.read());
      types.add(v.type());
    }
    if (variables.isEmpty()) {
      this.filename = null;
      this.save = null;
      this.restore = null;
      this.assignAll = null;
      return;
    }
    this.filename = tf.withName("filename").placeholder(TString.class);
    Operand<TString> keyOp = tf.withName("keys").constant(StdArrays.ndCopyOf(keys));
    Operand<TString> sliceOp = tf.withName("slices").constant(StdArrays.ndCopyOf(slices));
    this.save = tf.withName("save").train.save(filename, keyOp, sliceOp, reads);
    this.restore = tf.withName("restore").train.restore(filename, keyOp, sliceOp, types);
    List<Op> assigns = new ArrayList<>();
    for (ModelVariable<?> v : variables) {
      Placeholder<?> value = tf.placeholder(v.type(), Placeholder.shape(v.shape()));
      values.add(value);
      assigns.add(tf.assignVariableOp(v.handle(), value));
    }
    this.assignAll = tf.withName("assign_all").withControlDependencies(assigns).noOp();
  }

  /** Saves into {@code dir}, as a new version, then switches the pointer to it (see the class doc). */
  String save(Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    if (target.getParent() == null) {
      throw new CheckpointException(modelName + ": cannot save a checkpoint at the file-system root");
    }
    FileOps ops = FileOps.current();
    ReentrantLock lock = FileOps.lockFor(target);
    lock.lock();
    try {
      if (!isCheckpointFolder(target)) {
        throw new CheckpointException(
            modelName + ": " + target + " exists and is not a Cordon checkpoint (no " + POINTER_FILE
                + " or " + INDEX_FILE + "); refusing to replace it. Choose an empty or new directory.");
      }
      if (PREFIX.equals(String.valueOf(target.getFileName()))
          && Files.isRegularFile(target.resolveSibling(SavedModelExport.MARKER))) {
        throw new CheckpointException(
            modelName + ": " + target + " is the variables/ folder of a SavedModel; saving there would "
                + "leave the SavedModel without its variables. Export again, or save elsewhere.");
      }
      ops.createDirectories(target);
      List<String> kept = versions(target);
      String name = VERSION_PREFIX + (lastNumber(target, kept) + 1);
      Path prefix = target.resolve(name);
      try {
        if (save != null) {
          ops.write("SaveV2 " + name, () -> {
            try (TString p = TString.scalarOf(prefix.toString())) {
              session().runner().feed(filename, p).addTarget(save).run().close();
            }
          });
        } else {
          ops.writeFile(target.resolve(name + ".index"), new byte[0]); // no variables: an empty index
        }
        for (Path file : filesOf(target, name)) {
          ops.force(file);
        }
        ops.forceDirectory(target);
      } catch (IOException | RuntimeException e) {
        for (Path file : filesOf(target, name)) {
          FileOps.deleteQuietly(ops, file);
        }
        throw e;
      }
      List<String> next = new ArrayList<>(kept);
      next.add(name);
      if (next.size() > KEEP) {
        next = next.subList(next.size() - KEEP, next.size());
      }
      Path tmp = target.resolve(POINTER_TMP);
      ops.writeFile(tmp, pointerText(next).getBytes(StandardCharsets.UTF_8));
      ops.rename(tmp, target.resolve(POINTER_FILE));
      ops.forceDirectory(target);
      // Switched: everything of Cordon's that the pointer no longer lists is garbage.
      Set<String> keep = Set.copyOf(next);
      for (Path p : cordonEntries(target)) {
        String file = p.getFileName().toString();
        String version = versionOf(file);
        if (!file.equals(POINTER_FILE) && (version == null || !keep.contains(version))) {
          FileOps.deleteQuietly(ops, p);
        }
      }
      return name;
    } catch (IOException | TensorFlowException e) {
      throw new CheckpointException(
          modelName + ": could not save a checkpoint to " + target + ": " + e.getMessage()
              + " (an earlier checkpoint there, if any, is intact)", e);
    } finally {
      lock.unlock();
    }
  }

  void restore(Path dir) {
    restore(dir, null);
  }

  /**
   * Restores {@code version} of the folder (one its pointer still lists, as {@link #save}
   * returned it), or the latest when null.
   */
  void restore(Path dir, String version) {
    Path target = dir.toAbsolutePath().normalize();
    ReentrantLock lock = FileOps.lockFor(target);
    lock.lock();
    try {
      restoreLocked(target, version);
    } finally {
      lock.unlock();
    }
  }

  private void restoreLocked(Path target, String version) {
    if (!Files.exists(target) && target.getParent() != null
        && "variables".equals(String.valueOf(target.getFileName()))) {
      StagedDirectory.recoverIfMissing(target.getParent()); // an export's variables/, cut by a crash
    }
    List<String> kept;
    try {
      kept = versions(target);
    } catch (IOException e) {
      throw new CheckpointException(modelName + ": could not read the checkpoint at " + target + ": "
          + e.getMessage() + ". The weights are unchanged.", e);
    }
    if (kept.isEmpty()) {
      throw new CheckpointException(
          modelName + ": no checkpoint at " + target + " (expected a directory holding " + POINTER_FILE
              + " or " + INDEX_FILE + ", as written by save). The weights are unchanged.");
    }
    String latest = kept.get(kept.size() - 1);
    if (version != null) {
      if (!kept.contains(version)) {
        throw new CheckpointException(modelName + ": the checkpoint at " + target + " no longer holds version "
            + version + " (it holds " + kept + "). The weights are unchanged.");
      }
      latest = version;
    }
    if (!Files.isRegularFile(target.resolve(latest + ".index"))) {
      throw new CheckpointException(
          modelName + ": the checkpoint at " + target + " names " + latest + " in " + POINTER_FILE + " but "
              + latest + ".index is missing. The weights are unchanged.");
    }
    if (restore == null) {
      return;
    }
    Result read;
    try (TString prefix = TString.scalarOf(target.resolve(latest).toString())) {
      Session.Runner runner = session().runner().feed(filename, prefix);
      for (int i = 0; i < variables.size(); i++) {
        runner.fetch(restore.tensors().get(i));
      }
      read = runner.run();
    } catch (TensorFlowException e) {
      throw new CheckpointException(
          modelName + ": the checkpoint at " + target + " does not match the model: " + firstLine(e)
              + ". The weights are unchanged.", e);
    }
    try (Result tensors = read) {
      List<String> mismatches = new ArrayList<>();
      for (int i = 0; i < variables.size(); i++) {
        ModelVariable<?> v = variables.get(i);
        Tensor t = tensors.get(i);
        if (!t.shape().equals(v.shape())) {
          mismatches.add("'" + v.path() + "' is " + Shapes.format(t.shape()) + " in the checkpoint but "
              + Shapes.format(v.shape()) + " in the model");
        }
      }
      if (!mismatches.isEmpty()) {
        throw new CheckpointException(
            modelName + ": the checkpoint at " + target + " does not match the model: "
                + String.join("; ", mismatches) + ". The weights are unchanged.");
      }
      Session.Runner assign = session().runner();
      for (int i = 0; i < variables.size(); i++) {
        assign.feed(values.get(i), tensors.get(i));
      }
      assign.addTarget(assignAll).run().close();
    }
  }

  /** The current values of the variables, in order; the caller closes them. */
  List<Tensor> read() {
    List<Tensor> out = new ArrayList<>();
    if (variables.isEmpty()) {
      return out;
    }
    Session.Runner runner = session().runner();
    for (ModelVariable<?> v : variables) {
      runner.fetch(v.read());
    }
    Result r = runner.run(); // not closed: its tensors are handed to the caller
    for (int i = 0; i < variables.size(); i++) {
      out.add(r.get(i));
    }
    return out;
  }

  /** Assigns {@code values} (as {@link #read} returns them) to the variables, all in one run. */
  void assign(List<Tensor> values) {
    if (values.size() != variables.size()) {
      throw new IllegalArgumentException(modelName + ": " + values.size() + " values for " + variables.size() + " variables");
    }
    if (variables.isEmpty()) {
      return;
    }
    Session.Runner assign = session().runner();
    for (int i = 0; i < variables.size(); i++) {
      assign.feed(this.values.get(i), values.get(i));
    }
    assign.addTarget(assignAll).run().close();
  }

  // ---------------------------------------------------------------------------------------------
  // The folder's layout

  /** Absent, or a directory holding a pointer or a flat checkpoint, or only files Cordon writes. */
  static boolean isCheckpointFolder(Path target) throws IOException {
    if (!Files.exists(target)) {
      return true;
    }
    if (!Files.isDirectory(target)) {
      return false;
    }
    if (Files.isRegularFile(target.resolve(POINTER_FILE)) || Files.isRegularFile(target.resolve(INDEX_FILE))) {
      return true;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
      for (Path p : entries) {
        if (!isCordonName(p.getFileName().toString())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The versions the folder holds, oldest first, the last being the one to restore: those the
   * pointer lists, or {@code variables} for a flat checkpoint (an earlier Cordon's, or an export's
   * {@code variables/}), or none.
   */
  public static List<String> versions(Path target) throws IOException {
    Path pointer = target.resolve(POINTER_FILE);
    if (Files.isRegularFile(pointer)) {
      return parsePointer(target, Files.readString(pointer, StandardCharsets.UTF_8));
    }
    return Files.isRegularFile(target.resolve(INDEX_FILE)) ? List.of(PREFIX) : List.of();
  }

  /**
   * TensorFlow's {@code CheckpointState} text format, so that Python's
   * {@code tf.train.get_checkpoint_state(dir, latest_filename="cordon-checkpoint")} reads it.
   */
  static String pointerText(List<String> versions) {
    StringBuilder text = new StringBuilder();
    text.append("model_checkpoint_path: \"").append(versions.get(versions.size() - 1)).append("\"\n");
    for (String v : versions) {
      text.append("all_model_checkpoint_paths: \"").append(v).append("\"\n");
    }
    return text.toString();
  }

  private static List<String> parsePointer(Path target, String text) throws IOException {
    String latest = null;
    List<String> all = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = POINTER_LINE.matcher(line.trim());
      if (m.matches()) {
        if (m.group(1).equals("model_checkpoint_path")) {
          latest = m.group(2);
        } else {
          all.add(m.group(2));
        }
      } else if (!line.isBlank()) {
        latest = null;
        break;
      }
    }
    if (latest == null || !VERSION_NAME.matcher(latest).matches()
        || !all.stream().allMatch(v -> VERSION_NAME.matcher(v).matches())) {
      throw new IOException(target.resolve(POINTER_FILE) + " is damaged: " + text.strip());
    }
    all.remove(latest);
    all.add(latest);
    return all;
  }

  /** One more than the highest version number the pointer lists or any file carries. */
  private static long lastNumber(Path target, List<String> kept) throws IOException {
    long last = 0;
    List<String> names = new ArrayList<>(kept);
    for (Path p : cordonEntries(target)) {
      String v = versionOf(p.getFileName().toString());
      if (v != null) {
        names.add(v);
      }
    }
    for (String n : names) {
      if (n.startsWith(VERSION_PREFIX)) {
        last = Math.max(last, Long.parseLong(n.substring(VERSION_PREFIX.length())));
      }
    }
    return last;
  }

  /** The files of one version ({@code <version>.index}, {@code <version>.data-*}, temp files). */
  private static List<Path> filesOf(Path target, String version) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : cordonEntries(target)) {
      if (version.equals(versionOf(p.getFileName().toString()))) {
        files.add(p);
      }
    }
    return files;
  }

  /** The entries of the folder named as Cordon names its files. */
  private static List<Path> cordonEntries(Path target) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
      for (Path p : entries) {
        if (isCordonName(p.getFileName().toString())) {
          found.add(p);
        }
      }
    }
    return found;
  }

  private static boolean isCordonName(String file) {
    return file.equals(POINTER_FILE) || file.equals(POINTER_TMP) || versionOf(file) != null;
  }

  /** The version a data, index or TensorFlow temp file belongs to; null for other names. */
  private static String versionOf(String file) {
    Matcher m = VERSION_FILE.matcher(file);
    return m.matches() ? m.group(1) : null;
  }

  private Session session() {
    return handle.session();
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
