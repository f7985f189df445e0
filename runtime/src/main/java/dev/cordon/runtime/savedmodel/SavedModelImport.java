package dev.cordon.runtime.savedmodel;

import dev.cordon.internal.Arguments;
import dev.cordon.internal.savedmodel.SavedModelImporter;
import dev.cordon.internal.savedmodel.SavedModelLocation;
import dev.cordon.internal.GraphHandle;
import dev.cordon.internal.RuntimeAccess;
import dev.cordon.internal.Scopes;
import dev.cordon.runtime.Execution;
import dev.cordon.runtime.SharedGraph;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Imports a SavedModel (TF1 or TF2, made by Python or anything else) under a scope, isolated from
 * every other model of the graph. Choose where it is ({@link #from}, {@link #fromResource}), set
 * the options, then import into a {@link SharedGraph} ({@link #importInto}) or into a graph of its
 * own ({@link #importAlone}):
 *
 * <pre>{@code
 * ImportedSavedModel m = SavedModelImport.from(dir).tags("serve").importInto(shared, "half_plus_two");
 * }</pre>
 *
 * <p>What an import does:
 *
 * <ul>
 *   <li>Picks the MetaGraph whose tag set equals {@link #tags} (default {@code serve}).
 *   <li>Refuses the bundle ({@link UnsafeSavedModelException}) when any node of the graph or of its
 *       function library has an op type outside an allowlist of pure computation, naming each op
 *       type and node; nothing reaches the graph then. {@link #allowOps} widens the list.
 *   <li>Keeps only what the signatures, the init op and the saver's restore op reach (the saver's
 *       save path, which writes files, is dropped), and rewrites it so that it cannot touch another
 *       import: every {@code shared_name} and every library function is renamed per import, and
 *       root nodes named {@code Init...} are renamed (TF Java would register them as graph
 *       initializers, run for every model).
 *   <li>Claims the scope (a scope used twice is an exception, never duplicate nodes), imports,
 *       restores the variables through the MetaGraph's saver, and runs its init op.
 *   <li>Checks each signature against the imported graph. A bad signature does not refuse the
 *       bundle: it is kept with its {@link SavedModelSignature#problems() problems}.
 * </ul>
 */
public final class SavedModelImport {

  private final SavedModelLocation location;
  private Set<String> tags = Set.of("serve");
  private final Set<String> extraOps = new TreeSet<>();
  private String name;

  private SavedModelImport(SavedModelLocation location) {
    this.location = location;
    this.name = location.lastName();
  }

  /** A SavedModel directory on the file system (holding {@code saved_model.pb}). */
  public static SavedModelImport from(Path dir) {
    Arguments.notNull("SavedModelImport", "from", "dir", dir);
    return new SavedModelImport(SavedModelLocation.directory(dir));
  }

  /**
   * A SavedModel folder on the classpath, e.g. {@code models/half_plus_two}, found with the
   * context class loader (or this class's). A folder inside a jar is copied to a temporary
   * directory for the import (the checkpoint reader needs files) and deleted afterwards.
   */
  public static SavedModelImport fromResource(String folder) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return fromResource(folder, loader != null ? loader : SavedModelImport.class.getClassLoader());
  }

  /** A SavedModel folder on the classpath of {@code loader}. */
  public static SavedModelImport fromResource(String folder, ClassLoader loader) {
    Arguments.notNull("SavedModelImport", "fromResource", "folder", folder);
    Arguments.notNull("SavedModelImport", "fromResource", "loader", loader);
    return new SavedModelImport(SavedModelLocation.resource(folder, loader));
  }

  /** The MetaGraph's tag set (default {@code serve}). */
  public SavedModelImport tags(String... tags) {
    if (tags == null || tags.length == 0) {
      throw new IllegalArgumentException(name + ".tags: give at least one tag, e.g. \"serve\"");
    }
    Arguments.noNulls(name, "tags", "tags", tags);
    this.tags = new LinkedHashSet<>(Arrays.asList(tags));
    return this;
  }

  /**
   * Accepts these op types too, anywhere in the graph and its functions. Widening the allowlist
   * lets the SavedModel run whatever these ops do (e.g. {@code WriteFile} writes any file it is
   * given): only do it for SavedModels you trust.
   */
  public SavedModelImport allowOps(String... opTypes) {
    extraOps.addAll(Arrays.asList(Arguments.noNulls(name, "allowOps", "opTypes", opTypes)));
    return this;
  }

  /** The name used in messages (default: the directory's name). */
  public SavedModelImport name(String name) {
    this.name = Arguments.notNull(this.name, "name", "name", name);
    return this;
  }

  /** Imports under {@code scope} of a shared graph. Closing the result leaves the graph open. */
  public ImportedSavedModel importInto(SharedGraph graph, String scope) {
    Arguments.notNull(name, "importInto", "graph", graph);
    GraphHandle shared = RuntimeAccess.get().handle(graph);
    if (shared.isClosed()) {
      throw new IllegalArgumentException(name + ".importInto: the SharedGraph is closed");
    }
    Scopes.checkScope(name + ".importInto", scope);
    return new ImportedSavedModel(
        SavedModelImporter.importInto(request(), RuntimeAccess.get().handle(graph), scope, true, null, Map.of()), false);
  }

  /** Imports under {@code scope} into a graph and session of its own, closed with the result. */
  public ImportedSavedModel importAlone(String scope) {
    Scopes.checkScope(name + ".importAlone", scope);
    GraphHandle handle = GraphHandle.own(Execution.AUTO);
    try {
      return new ImportedSavedModel(
          SavedModelImporter.importInto(request(), handle, scope, true, null, Map.of()), true);
    } catch (RuntimeException | Error e) {
      handle.close();
      throw e;
    }
  }

  private SavedModelImporter.Request request() {
    return new SavedModelImporter.Request(location, tags, extraOps, name);
  }
}
