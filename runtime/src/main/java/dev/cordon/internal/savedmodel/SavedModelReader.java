package dev.cordon.internal.savedmodel;

import dev.cordon.runtime.ModelBuildException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/** Reads {@code saved_model.pb} and picks the MetaGraph whose tag set equals the asked one. */
final class SavedModelReader {

  private SavedModelReader() {}

  /**
   * The MetaGraph of the SavedModel in {@code dir} tagged exactly {@code tags}. {@code name} and
   * {@code location} are for messages.
   */
  static MetaGraphDef metaGraph(Path dir, Set<String> tags, String name, SavedModelLocation location) {
    SavedModel savedModel = read(dir, name, location);
    List<Set<String>> available = new ArrayList<>();
    for (MetaGraphDef meta : savedModel.getMetaGraphsList()) {
      Set<String> metaTags = new TreeSet<>(meta.getMetaInfoDef().getTagsList());
      if (metaTags.equals(new TreeSet<>(tags))) {
        return meta;
      }
      available.add(metaTags);
    }
    throw new ModelBuildException(name + ": no MetaGraph with tags " + new TreeSet<>(tags) + " in " + location
        + "; its tag sets are " + available);
  }

  private static SavedModel read(Path dir, String name, SavedModelLocation location) {
    Path pb = dir.resolve("saved_model.pb");
    if (!Files.isRegularFile(pb)) {
      throw new ModelBuildException(name + ": no SavedModel at " + location + " (saved_model.pb is missing)");
    }
    try {
      return SavedModel.parseFrom(Files.readAllBytes(pb));
    } catch (IOException e) {
      throw new ModelBuildException(name + ": cannot read " + pb + ": " + e.getMessage(), e);
    }
  }
}
