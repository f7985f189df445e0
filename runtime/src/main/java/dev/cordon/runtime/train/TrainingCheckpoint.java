package dev.cordon.runtime.train;

import dev.cordon.internal.FileOps;
import dev.cordon.internal.RuntimeAccess;
import dev.cordon.internal.Trainee;
import dev.cordon.runtime.CheckpointException;
import dev.cordon.runtime.CordonModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A trainable model's weights WITH its optimizer's state, as one byte array: the optimizer's slots
 * (Adam's moments, momentum's velocity, RMSProp's averages), its step counter (so a {@link
 * LearningRate} schedule resumes at the same step), the learning-rate scale and the dropout step
 * count. What {@link CordonModel#save} leaves out, and what an exact resume of training needs.
 *
 * <p>For state kept outside Cordon's checkpoint folders: one model trained by turns for many keys
 * (a Flink job's per-key models keep these bytes in keyed state), a training position in a
 * database. Restoring the bytes into a model of the same class (under any scope) makes its next
 * {@code trainStep} bit-identical to the one the saved model would have taken.
 *
 * <pre>{@code
 * byte[] state = TrainingCheckpoint.save(model);   // after some trainSteps
 * ...
 * TrainingCheckpoint.restore(model, state);        // weights, slots and step back
 * }</pre>
 *
 * <p>The bytes are a Cordon checkpoint folder (as {@code fit}'s backups write, weights and training
 * state) packed into one array; each call writes and reads it through a temporary directory, which
 * it deletes. A model without a {@code @Loss} has no training state: use {@link CordonModel#save}.
 */
public final class TrainingCheckpoint {

  private static final int MAGIC = 0x43545331; // "CTS1"

  private TrainingCheckpoint() {}

  /**
   * The weights and training state of {@code model} as bytes, for {@link #restore}.
   *
   * @throws IllegalStateException if the model declares no {@code @Loss} or is closed
   * @throws CheckpointException if the state cannot be written (a temporary directory is needed)
   */
  public static byte[] save(CordonModel model) {
    Trainee trainee = trainee(model, "save");
    Path tmp = tempDir(trainee, "save");
    try {
      Path dir = tmp.resolve("state");
      trainee.saveTrainingState(dir);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes); Stream<Path> files = Files.list(dir)) {
        List<Path> sorted = files.sorted(Comparator.comparing(Path::toString)).toList();
        out.writeInt(MAGIC);
        out.writeUTF(trainee.name());
        out.writeInt(sorted.size());
        for (Path file : sorted) {
          byte[] content = Files.readAllBytes(file);
          out.writeUTF(file.getFileName().toString());
          out.writeInt(content.length);
          out.write(content);
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new CheckpointException(trainee.name() + ": cannot pack the training state: " + e.getMessage(), e);
    } finally {
      deleteTree(tmp);
    }
  }

  /**
   * Puts back the weights and training state {@link #save} returned, possibly saved by another
   * model of the same class. On any mismatch (another class, damaged bytes) nothing is assigned:
   * the model's weights and training state stay as they were.
   *
   * @throws IllegalStateException if the model declares no {@code @Loss} or is closed
   * @throws CheckpointException if the bytes are not a training state of this model
   */
  public static void restore(CordonModel model, byte[] state) {
    Objects.requireNonNull(state, "state");
    Trainee trainee = trainee(model, "restore");
    Path tmp = tempDir(trainee, "restore");
    try {
      Path dir = tmp.resolve("state");
      Files.createDirectories(dir);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
        if (state.length < 4 || in.readInt() != MAGIC) {
          throw new CheckpointException(trainee.name() + ": these bytes are not a Cordon training state"
              + " (TrainingCheckpoint.save writes them); nothing was restored");
        }
        String savedBy = in.readUTF();
        if (!savedBy.equals(trainee.name())) {
          throw new CheckpointException(trainee.name() + ": this training state was saved by "
              + savedBy + "; nothing was restored");
        }
        int files = in.readInt();
        for (int i = 0; i < files; i++) {
          String name = in.readUTF();
          if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".")
              || name.equals("..")) {
            throw new CheckpointException(trainee.name() + ": damaged training state (file name '"
                + name + "'); nothing was restored");
          }
          int length = in.readInt();
          if (length < 0 || length > in.available()) {
            throw new CheckpointException(trainee.name() + ": damaged training state (truncated);"
                + " nothing was restored");
          }
          byte[] content = new byte[length];
          in.readFully(content);
          Files.write(dir.resolve(name), content);
        }
      }
      trainee.restoreTrainingState(dir, null);
    } catch (IOException e) {
      throw new CheckpointException(trainee.name() + ": damaged training state (" + e + ");"
          + " nothing was restored", e);
    } finally {
      deleteTree(tmp);
    }
  }

  private static Trainee trainee(CordonModel model, String call) {
    Objects.requireNonNull(model, "model");
    Trainee trainee = RuntimeAccess.get().owner(model.variables());
    if (trainee == null) {
      throw new IllegalArgumentException("TrainingCheckpoint." + call + ": " + model.getClass().getName()
          + " is not a model Cordon built");
    }
    return trainee;
  }

  private static Path tempDir(Trainee trainee, String call) {
    try {
      return Files.createTempDirectory("cordon-training-state-");
    } catch (IOException e) {
      throw new CheckpointException(trainee.name() + ": TrainingCheckpoint." + call
          + " needs a temporary directory: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    try {
      FileOps.REAL.delete(dir);
    } catch (IOException e) {
      // a temporary directory left behind is not worth failing the save or restore for
    }
  }
}
