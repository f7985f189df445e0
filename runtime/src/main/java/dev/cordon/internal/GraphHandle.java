package dev.cordon.internal;

import dev.cordon.runtime.Execution;
import dev.cordon.runtime.IsolationViolation;
import dev.cordon.runtime.ModelBuildException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/**
 * A graph, its session and the scopes claimed in it. Runs hold the read lock; closing takes the
 * write lock, so a close waits for runs in flight and every later run fails cleanly with an
 * {@link IllegalStateException} instead of reaching freed native memory.
 */
public final class GraphHandle {

  private final Graph graph;
  private final boolean joinable; // models and imports may be added at any time (a SharedGraph)
  private volatile Session session; // an own graph's: created at its first use
  private final Execution execution; // an own graph's: picks its session's executor
  private String executor = ""; // the session's TF executor, "" for TF's default
  private final Map<String, String> scopes = new LinkedHashMap<>();
  private final Map<String, Ops> prefixes = new HashMap<>();
  private final Set<IsolationAudit.DeclaredWire> wires = new LinkedHashSet<>(); // by scope, for audit()
  private final Map<String, Set<String>> owners = new LinkedHashMap<>(); // own scope -> member scopes
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ReentrantLock buildLock = new ReentrantLock();
  private final java.util.List<Runnable> closeActions = new java.util.ArrayList<>();
  private volatile boolean closed;

  private GraphHandle(Graph graph, boolean joinable, Execution execution) {
    this.graph = graph;
    this.joinable = joinable;
    this.execution = execution;
  }

  /**
   * A graph that models and imports may join at any time ({@code SharedGraph}, a composition's
   * graph): its session is created now, with TF's default executor (see {@link SessionExecutor}).
   */
  public static GraphHandle joinable() {
    GraphHandle handle = new GraphHandle(new Graph(), true, null);
    try {
      handle.session();
      return handle;
    } catch (RuntimeException | Error e) {
      handle.graph.close();
      throw e;
    }
  }

  /**
   * The graph of one model or one SavedModel imported alone, built in one go: its session is
   * created at its first use, when the graph is built, with the executor {@link SessionExecutor}
   * chooses then for the graph under {@code execution}.
   */
  public static GraphHandle own(Execution execution) {
    return new GraphHandle(new Graph(), false, execution == null ? Execution.AUTO : execution);
  }

  public Graph graph() {
    checkOpen("the graph");
    return graph;
  }

  /** The session; an own graph's is created here at its first use (see {@link #own}). */
  public Session session() {
    Session s = session;
    return s != null ? s : openSession();
  }

  private synchronized Session openSession() {
    if (session == null) {
      checkOpen("the session");
      String chosen = joinable
          ? "" : SessionExecutor.choose(graph, execution, Runtime.getRuntime().availableProcessors());
      ConfigProto config = SessionExecutor.config(chosen);
      // autoInit stays on but never fires: Cordon registers no graph initializers and runs each
      // model's own init op itself (a graph-wide init would couple the models, see the notes).
      session = config == null ? new Session(graph) : new Session(graph, config);
      executor = chosen;
    }
    return session;
  }

  /** The TF executor of the session ("" for TF's default, or before the session exists). */
  public synchronized String executor() {
    return executor;
  }

  /** Runs {@code action} under the read lock, after checking that the handle is still open. */
  public <R> R read(String what, Supplier<R> action) {
    ReentrantReadWriteLock.ReadLock read = lock.readLock();
    read.lock();
    try {
      checkOpen(what);
      return action.get();
    } finally {
      read.unlock();
    }
  }

  /**
   * Takes the read lock and checks that the handle is open: the lambda-free form of {@link #read},
   * for the call path. Pair with {@link #endRead()} in a {@code finally}.
   */
  public void beginRead(String what) {
    lock.readLock().lock();
    if (closed) {
      lock.readLock().unlock();
      throw new IllegalStateException("cannot use " + what + ": its graph and session are closed");
    }
  }

  public void endRead() {
    lock.readLock().unlock();
  }

  /**
   * Runs {@code action} with no run in flight (under the write lock), unless the handle is closed
   * already (then its native resources are gone and {@code action} is skipped). Used to free an
   * endpoint's native arrays when its model closes but the graph stays.
   */
  public void exclusive(Runnable action) {
    ReentrantReadWriteLock.WriteLock write = lock.writeLock();
    write.lock();
    try {
      if (!closed) {
        action.run();
      }
    } finally {
      write.unlock();
    }
  }

  /** Registers {@code action} to run when the handle closes, before graph and session are freed. */
  public void onClose(Runnable action) {
    synchronized (closeActions) {
      closeActions.add(action);
    }
  }

  /** Forgets an action of {@link #onClose} that has run already (an endpoint closed early). */
  public void removeOnClose(Runnable action) {
    synchronized (closeActions) {
      closeActions.remove(action);
    }
  }

  /**
   * Serialises graph construction: TF Java's name scopes are not thread-safe. Held from the start
   * of a model's build to its finish or abort; runs of other models go on meanwhile.
   */
  public void lockBuild() {
    buildLock.lock();
  }

  public void unlockBuild() {
    buildLock.unlock();
  }

  /**
   * Claims {@code scope} for {@code modelName}: refused when another model has it, when one is a
   * {@code /}-prefix of the other, or when the graph already holds ops under it (TF Java would
   * otherwise rename silently to {@code scope_1}).
   */
  public void claimScope(String scope, String modelName) {
    synchronized (scopes) {
      checkOpen("the graph");
      for (Map.Entry<String, String> e : scopes.entrySet()) {
        String other = e.getKey();
        if (other.equals(scope) || other.startsWith(scope + "/") || scope.startsWith(other + "/")) {
          throw new ModelBuildException(
              modelName + " cannot be built under scope '" + scope + "': "
                  + e.getValue() + " already uses scope '" + other + "' in this graph. "
                  + "Give one of them another scope with builder().scope(...).");
        }
      }
      for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
        String name = it.next().name();
        if (name.equals(scope) || name.startsWith(scope + "/")) {
          throw new ModelBuildException(
              modelName + " cannot be built under scope '" + scope + "': the graph already has op '"
                  + name + "' there. Give the model another scope with builder().scope(...).");
        }
      }
      scopes.put(scope, modelName);
    }
  }

  /** Gives back a scope claimed for a build that put nothing into the graph. */
  public void releaseScope(String scope) {
    synchronized (scopes) {
      scopes.remove(scope);
    }
  }

  /**
   * Ops whose ops are named {@code <scope>/...}. Scope prefixes are created once and reused: TF
   * Java renames a sub-scope asked for twice ({@code team/a} then {@code team/b} would otherwise
   * give {@code team/a} and {@code team_1/b}). Called under the build lock.
   */
  Ops ops(String scope) {
    Ops current = null;
    String prefix = "";
    for (String segment : scope.split("/")) {
      prefix = prefix.isEmpty() ? segment : prefix + "/" + segment;
      Ops parent = current == null ? Ops.create(graph) : current;
      current = prefixes.computeIfAbsent(prefix, p -> parent.withSubScope(segment));
    }
    return current;
  }

  public Map<String, String> scopes() {
    synchronized (scopes) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
    }
  }

  /**
   * Declares, for {@link #audit()}, what a composition built into this graph may do across scopes:
   * its wires between models of this graph (members named by their scopes), and its own scope
   * (null when it has none), whose ops may read and train the member scopes it holds.
   */
  public void declareComposition(
      String ownScope, Collection<String> memberScopes, Collection<IsolationAudit.DeclaredWire> declared) {
    synchronized (scopes) {
      wires.addAll(declared);
      if (ownScope != null) {
        owners.computeIfAbsent(ownScope, s -> new LinkedHashSet<>()).addAll(memberScopes);
      }
    }
  }

  /**
   * The isolation audit of the whole graph: every edge entering a claimed scope from another one
   * other than through a declared wire, or between a composition's own scope and its members.
   * Waits for a model being built to finish.
   */
  public List<IsolationViolation> audit() {
    buildLock.lock();
    try {
      return read("the graph", () -> {
        Map<String, String> byScope = new LinkedHashMap<>();
        List<IsolationAudit.DeclaredWire> declared;
        Map<String, Set<String>> owning = new LinkedHashMap<>();
        synchronized (scopes) {
          scopes.keySet().forEach(s -> byScope.put(s, s));
          declared = List.copyOf(wires);
          owners.forEach((owner, members) -> owning.put(owner, Set.copyOf(members)));
        }
        return IsolationAudit.audit(graph, byScope, declared, owning);
      });
    } finally {
      buildLock.unlock();
    }
  }

  public boolean isClosed() {
    return closed;
  }

  void checkOpen(String what) {
    if (closed) {
      throw new IllegalStateException("cannot use " + what + ": its graph and session are closed");
    }
  }

  public void close() {
    ReentrantReadWriteLock.WriteLock write = lock.writeLock();
    write.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        synchronized (closeActions) {
          closeActions.forEach(Runnable::run);
          closeActions.clear();
        }
        Session s;
        synchronized (this) { // against an openSession under way
          s = session;
        }
        if (s != null) {
          s.close();
        }
      } finally {
        graph.close();
      }
    } finally {
      write.unlock();
    }
  }
}
