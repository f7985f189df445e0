package dev.cordon.internal.composition;

import dev.cordon.internal.Endpoint;
import dev.cordon.internal.NativeRun;
import dev.cordon.internal.composition.CompositionGraph.Member;
import dev.cordon.internal.composition.CompositionGraph.Port;
import dev.cordon.runtime.Execution;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;

/**
 * One call of a composition, resolved when it is built into a fixed sequence of session runs:
 * each step is an {@link Endpoint} of one graph, fed from the call's inputs or from an earlier
 * step's result (a GRAPH hand-off: the tensor is fed as it is, TF shares its buffer). A call walks
 * the steps in order over one array of values: no maps, no names, no Session.Runner.
 *
 * <p>Values: slots {@code 0..inputs-1} are the call's inputs, then one slot per step.
 */
final class CompositionPlan {

  /**
   * A step: run {@code endpoint} feeding the values of {@code feeds}; its {@code fetches} results
   * fill the slots from {@code slot} on.
   */
  private record Step(Endpoint<?> endpoint, int[] feeds, int slot, int fetches) {}

  private final Step[] steps;
  private final int[] results; // the slots returned, in order
  private final int slots;
  private final int inputs;

  private CompositionPlan(List<Step> steps, int[] results, int slots, int inputs) {
    this.steps = steps.toArray(new Step[0]);
    this.results = results;
    this.slots = slots;
    this.inputs = inputs;
  }

  /** The endpoints of every step, to close with the composition. */
  List<Endpoint<?>> endpoints() {
    List<Endpoint<?>> all = new ArrayList<>();
    for (Step s : steps) {
      all.add(s.endpoint());
    }
    return all;
  }

  /**
   * Runs the steps; returns the result slots' tensors, owned by the caller. Every intermediate
   * tensor is closed before this returns, also when a step fails.
   */
  Tensor[] run(Tensor[] args) {
    // A step's result stays a hand-off value (on the fast path the native tensor, never wrapped
    // for Java) while only the next steps read it; only the returned slots become Java tensors.
    Object[] values = new Object[slots];
    System.arraycopy(args, 0, values, 0, inputs);
    Tensor[] out = new Tensor[results.length];
    boolean ok = false;
    try {
      for (Step s : steps) {
        int[] from = s.feeds();
        if (s.fetches() == 1) {
          Object[] feeds = new Object[from.length];
          for (int i = 0; i < feeds.length; i++) {
            feeds[i] = values[from[i]];
          }
          values[s.slot()] = s.endpoint().handOff(feeds);
        } else { // a training step fetching the loss and outputs: tensors in, consecutive slots out
          Tensor[] feeds = new Tensor[from.length];
          for (int i = 0; i < feeds.length; i++) {
            feeds[i] = tensor(values, from[i]);
          }
          Tensor[] fetched = s.endpoint().run(feeds);
          System.arraycopy(fetched, 0, values, s.slot(), fetched.length);
        }
      }
      for (int i = 0; i < results.length; i++) {
        Object v = values[results[i]];
        Tensor t = v instanceof Tensor tensor ? tensor : NativeRun.wrap(v); // a slot returned twice: one tensor
        values[results[i]] = t;
        out[i] = t;
      }
      ok = true;
      return out;
    } finally {
      for (int slot = inputs; slot < slots; slot++) {
        Object v = values[slot];
        if (v != null && (!ok || !returned(out, v))) {
          NativeRun.release(v);
        }
      }
    }
  }

  /** The value of {@code slot} as a tensor, wrapping (once, in place) a hand-off value. */
  private static Tensor tensor(Object[] values, int slot) {
    if (!(values[slot] instanceof Tensor)) {
      values[slot] = NativeRun.wrap(values[slot]);
    }
    return (Tensor) values[slot];
  }

  private static boolean returned(Tensor[] out, Object t) {
    for (Tensor o : out) {
      if (o == t) {
        return true;
      }
    }
    return false;
  }

  /**
   * Builds plans the way a call used to evaluate: each wanted output port runs its member's graph
   * once, with the member's fed inputs (composition inputs or GRAPH hand-offs, computed first) fed.
   */
  static final class Planner {
    private final String call;
    private final Map<Port, CompositionEngine.Source> sources;
    private final List<String> inputNames;
    private final Function<String, Integer> inputSlot; // composition input name -> slot, or null
    private final int inputCount;
    private final Execution execution;
    private final List<Step> steps = new ArrayList<>();
    private final Map<Port, Integer> computed = new LinkedHashMap<>();
    private int next;

    Planner(String call, Map<Port, CompositionEngine.Source> sources, List<String> inputNames,
        List<String> passed, Execution execution) {
      this.call = call;
      this.sources = sources;
      this.inputNames = inputNames;
      this.inputSlot = name -> passed.contains(name) ? passed.indexOf(name) : null;
      this.inputCount = passed.size();
      this.execution = execution;
      this.next = passed.size();
    }

    /** The slot holding the value of a model output, adding the step that computes it. */
    int value(Port output) {
      Integer done = computed.get(output);
      if (done != null) {
        return done;
      }
      Member member = output.member();
      Map<Operand<?>, Integer> feeds = new LinkedHashMap<>();
      collectFeeds(member, feeds, new HashSet<>());
      Endpoint.Builder b = Endpoint.builder(member.handle(), call, "the composition", execution);
      int[] from = new int[feeds.size()];
      int i = 0;
      for (Map.Entry<Operand<?>, Integer> f : feeds.entrySet()) {
        b.feed(null, f.getKey());
        from[i++] = f.getValue();
      }
      Operand<?> fetch = member.engine().outputOperand(output.name());
      int slot = next++;
      steps.add(new Step(b.fetch(fetch).build(org.tensorflow.types.family.TType.class), from, slot, 1));
      computed.put(output, slot);
      return slot;
    }

    /** The slot of the value fed to a model input: a composition input or a GRAPH hand-off. */
    int inputValue(Port input) {
      CompositionEngine.Source s = sources.get(input);
      if (s == null) {
        throw new IllegalStateException(call + ": nothing feeds " + input);
      }
      if (s.wire() == null) {
        String name = inputNames.get(s.compositionInput());
        Integer slot = inputSlot.apply(name);
        if (slot == null) {
          throw new IllegalArgumentException(call + " needs input '" + name + "'");
        }
        return slot;
      }
      return value(s.wire().from());
    }

    /**
     * Adds to {@code feeds} what a run of {@code output}'s graph must feed for it (its member's and
     * its upstream members' fed inputs), so that a final step can fetch it beside the loss.
     */
    void feedsOf(Port output, Map<Operand<?>, Integer> feeds) {
      collectFeeds(output.member(), feeds, new HashSet<>());
    }

    private void collectFeeds(Member member, Map<Operand<?>, Integer> feeds, Set<Member> visited) {
      if (!visited.add(member)) {
        return;
      }
      for (dev.cordon.internal.ModelSpec.InputSpec in : member.engine().spec().predictionInputs()) {
        Port port = member.port(in.name());
        CompositionEngine.Source s = sources.get(port);
        if (s == null) {
          continue;
        }
        if (s.wire() != null && !s.wire().crossesGraphs()) {
          collectFeeds(s.wire().from().member(), feeds, visited); // a graph edge
        } else {
          feeds.put(member.engine().inputOperand(in.name()), inputValue(port));
        }
      }
    }

    /**
     * A final step of a training run: feeds {@code feeds} (slots) and, from tensors the endpoint
     * owns, {@code true} to each of {@code trainingFlags}; fetches the loss, then {@code alsoFetch},
     * into consecutive slots (the loss's is returned); runs {@code trainOp} (null: the loss alone,
     * as evaluation computes it).
     */
    int train(dev.cordon.internal.GraphHandle handle, Map<Operand<?>, Integer> feeds, Operand<?> loss, Op trainOp,
        List<Operand<org.tensorflow.types.TBool>> trainingFlags, List<Operand<?>> alsoFetch) {
      Endpoint.Builder b = Endpoint.builder(handle, call, "the composition", execution);
      int[] from = new int[feeds.size()];
      int i = 0;
      for (Map.Entry<Operand<?>, Integer> f : feeds.entrySet()) {
        b.feed(null, f.getKey());
        from[i++] = f.getValue();
      }
      for (Operand<org.tensorflow.types.TBool> flag : trainingFlags) {
        b.constantFeed(flag, org.tensorflow.types.TBool.scalarOf(true));
      }
      int slot = next;
      next += 1 + alsoFetch.size();
      b.fetch(loss);
      alsoFetch.forEach(b::fetch);
      if (trainOp != null) {
        b.target(trainOp);
      }
      steps.add(new Step(b.build(org.tensorflow.types.family.TType.class), from, slot, 1 + alsoFetch.size()));
      return slot;
    }

    CompositionPlan plan(List<Port> wanted) {
      int[] results = new int[wanted.size()];
      for (int i = 0; i < results.length; i++) {
        results[i] = value(wanted.get(i));
      }
      return finish(results);
    }

    CompositionPlan finish(int[] results) {
      return new CompositionPlan(steps, results, next, inputCount);
    }
  }
}
