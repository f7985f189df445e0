package dev.cordon.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes one CSV row per epoch ({@code epoch}, then every logged value, then {@code seconds}), as
 * Keras' {@code CSVLogger}; the header is the first epoch's keys. A fit resumed from a backup
 * appends to the file.
 */
public final class CsvLogger implements Callback {

  private final Path file;
  private List<String> keys;

  public CsvLogger(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  @Override
  public void onTrainBegin(TrainingRun run) {
    if (run.history().size() == 0) {
      keys = null;
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException(run.modelName() + ": CsvLogger cannot write " + file, e);
      }
    } else {
      keys = new ArrayList<>(run.history().last().values().keySet());
    }
  }

  @Override
  public void onEpochEnd(TrainingRun run, EpochLogs logs) {
    StringBuilder b = new StringBuilder();
    if (keys == null) {
      keys = new ArrayList<>(logs.values().keySet());
      b.append("epoch");
      keys.forEach(k -> b.append(',').append(k));
      b.append(",seconds\n");
    }
    b.append(logs.epoch());
    for (String k : keys) {
      b.append(',');
      if (logs.has(k)) {
        b.append(String.format(Locale.ROOT, "%.17g", logs.get(k)).trim());
      }
    }
    b.append(',').append(String.format(Locale.ROOT, "%.3f", logs.seconds())).append('\n');
    try {
      Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(run.modelName() + ": CsvLogger cannot write " + file, e);
    }
  }
}
