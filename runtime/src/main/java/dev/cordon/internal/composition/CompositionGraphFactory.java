package dev.cordon.internal.composition;

import dev.cordon.Isolation;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.composition.CompositionGraph.Member;
import dev.cordon.internal.composition.CompositionGraph.Port;
import dev.cordon.internal.composition.CompositionGraph.Wire;
import dev.cordon.internal.composition.CompositionSpec.PortSpec;
import dev.cordon.internal.composition.CompositionSpec.WireSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves one composition, member by member as they are built, into its {@link
 * CompositionGraph}: a model member becomes a {@link Member}; a nested composition's graph is
 * taken in with its paths under the member's name and its levels at least the member's; each
 * declared wire is resolved to the two model ports it joins once its downstream member is built.
 */
final class CompositionGraphFactory {

  private final CompositionSpec spec;
  private final List<Member> members = new ArrayList<>();
  private final List<Wire> wires = new ArrayList<>();
  private final Map<String, Member> models = new HashMap<>(); // model members, by member name
  private final Map<String, CompositionGraph> nested = new HashMap<>(); // composition members, as seen from here

  CompositionGraphFactory(CompositionSpec spec) {
    this.spec = spec;
  }

  /** Whether member {@code name} is built. */
  boolean isBuilt(String name) {
    return models.containsKey(name) || nested.containsKey(name);
  }

  /** Every model built so far. */
  List<Member> members() {
    return members;
  }

  /** Adds the model member {@code name}, just built, and the wires into it. */
  void addModel(String name, ModelEngine engine, Isolation level, String scope) {
    Member member = new Member(name, engine, level, scope);
    models.put(name, member);
    members.add(member);
    addWiresInto(name);
  }

  /** Adds the composition member {@code name}, just built as {@code inner}, and the wires into it. */
  void addComposition(String name, Isolation level, CompositionGraph inner) {
    CompositionGraph seen = inner.nestedIn(name, level);
    nested.put(name, seen);
    members.addAll(seen.members());
    wires.addAll(seen.wires());
    addWiresInto(name);
  }

  /** The model output behind {@code member.port}: the member's own, or a nested composition's output. */
  Port output(String member, String port) {
    CompositionGraph inner = nested.get(member);
    if (inner != null) {
      Port p = inner.outputs().get(port);
      if (p == null) {
        throw new IllegalArgumentException(spec.simpleName() + "." + member + " has no output '" + port + "'");
      }
      return p;
    }
    return model(member).port(port);
  }

  /** The model input behind {@code member.port}. */
  Port input(String member, String port) {
    CompositionGraph inner = nested.get(member);
    if (inner != null) {
      Port p = inner.inputs().get(port);
      if (p == null) {
        throw new IllegalArgumentException(spec.simpleName() + "." + member + " has no input '" + port + "'");
      }
      return p;
    }
    return model(member).port(port);
  }

  /** The resolved graph, once every member is built. */
  CompositionGraph build() {
    Map<String, Port> inputs = new LinkedHashMap<>();
    for (PortSpec in : spec.inputs()) {
      inputs.put(in.name(), input(in.member(), in.port()));
    }
    Map<String, Port> outputs = new LinkedHashMap<>();
    for (PortSpec out : spec.outputs()) {
      outputs.put(out.name(), output(out.member(), out.port()));
    }
    return new CompositionGraph(members, wires, inputs, outputs);
  }

  private void addWiresInto(String name) {
    for (WireSpec w : spec.wires()) {
      if (w.toMember().equals(name)) {
        Port from = output(w.fromMember(), w.fromOutput());
        Port to = input(w.toMember(), w.toInput());
        Isolation level = CompositionGraph.stricter(from.member().level(), to.member().level());
        wires.add(new Wire(from, to, level, w.from() + " -> " + w.to()));
      }
    }
  }

  private Member model(String member) {
    Member m = models.get(member);
    if (m == null) {
      throw new IllegalStateException(spec.simpleName() + ": member '" + member + "' is not built yet");
    }
    return m;
  }
}
