package dev.cordon.internal.composition;

import dev.cordon.Isolation;
import dev.cordon.internal.GraphHandle;
import dev.cordon.internal.ModelEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built composition resolved once, down to its models: nested compositions are flattened into
 * the models inside them, so every wire joins two model ports and every composition input and
 * output names one. Made by {@link CompositionGraphFactory}, run by {@link CompositionEngine}.
 *
 * @param members every model, in build order
 * @param wires every wire between two models, nested compositions' wires included
 * @param inputs each composition input (by its declared name, in declaration order) and the model
 *     input it feeds
 * @param outputs each composition output (by its declared name, in declaration order) and the
 *     model output that computes it
 */
public record CompositionGraph(
    List<Member> members, List<Wire> wires, Map<String, Port> inputs, Map<String, Port> outputs) {

  public CompositionGraph {
    members = List.copyOf(members);
    wires = List.copyOf(wires);
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  /**
   * A model of the composition.
   *
   * @param path its path from the root ({@code encoder}, {@code retrieval.encoder})
   * @param level its effective level: the strictest on that path
   * @param scope the scope it was built under
   */
  public record Member(String path, ModelEngine engine, Isolation level, String scope) {
    /** The graph and session the model runs in. */
    public GraphHandle handle() {
      return engine.handle();
    }

    /** This member's input or output {@code name}. */
    public Port port(String name) {
      return new Port(this, name);
    }

    Member nestedIn(String parent, Isolation parentLevel) {
      return new Member(parent + "." + path, engine, stricter(level, parentLevel), scope);
    }
  }

  /** An input or output of one model. */
  public record Port(Member member, String name) {
    @Override
    public String toString() {
      return member.path() + "." + name;
    }
  }

  /**
   * A wire between two models.
   *
   * @param level the stricter level of the two sides: what the wire was built as
   * @param declared the wire as declared, for messages ({@code encoder.code -> head.code})
   */
  public record Wire(Port from, Port to, Isolation level, String declared) {
    /** Whether the two sides run in different graphs (a tensor is handed between sessions). */
    public boolean crossesGraphs() {
      return from.member().handle() != to.member().handle();
    }
  }

  /** This graph as its parent sees it when it builds it as member {@code name} at {@code level}. */
  CompositionGraph nestedIn(String name, Isolation level) {
    Map<Member, Member> renamed = new LinkedHashMap<>();
    for (Member m : members) {
      renamed.put(m, m.nestedIn(name, level));
    }
    List<Wire> nestedWires = new ArrayList<>();
    for (Wire w : wires) {
      nestedWires.add(new Wire(rename(w.from(), renamed), rename(w.to(), renamed), w.level(), w.declared()));
    }
    Map<String, Port> in = new LinkedHashMap<>();
    inputs.forEach((k, p) -> in.put(k, rename(p, renamed)));
    Map<String, Port> out = new LinkedHashMap<>();
    outputs.forEach((k, p) -> out.put(k, rename(p, renamed)));
    return new CompositionGraph(List.copyOf(renamed.values()), nestedWires, in, out);
  }

  private static Port rename(Port p, Map<Member, Member> renamed) {
    return new Port(renamed.get(p.member()), p.name());
  }

  static Isolation stricter(Isolation a, Isolation b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }
}
