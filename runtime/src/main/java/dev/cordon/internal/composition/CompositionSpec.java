package dev.cordon.internal.composition;

import dev.cordon.Isolation;
import dev.cordon.internal.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tensorflow.types.family.TType;

/**
 * What an {@code @Isolated} composition declares: its members in build order (every member after
 * the members it is wired from), its wires, its inputs (member inputs no wire feeds), its outputs
 * (every member output), its own labels and whether it has a {@code @Loss}.
 */
public final class CompositionSpec {

  /** A member: a model built at {@code level} under {@code scope} (unless the builder overrides it). */
  public record MemberSpec(String name, Isolation level, String scope) {}

  /** {@code fromMember.fromOutput -> toMember.toInput}. */
  public record WireSpec(String fromMember, String fromOutput, String toMember, String toInput) {
    public String from() {
      return fromMember + "." + fromOutput;
    }

    public String to() {
      return toMember + "." + toInput;
    }
  }

  /** A composition input or output, and the member port behind it. */
  public record PortSpec(String name, String member, String port) {}

  private final String name;
  private final String scope;
  private final List<MemberSpec> members;
  private final List<WireSpec> wires;
  private final List<PortSpec> inputs;
  private final List<PortSpec> outputs;
  private final ModelSpec ownSpec;

  private CompositionSpec(Builder b) {
    this.name = b.name;
    this.scope = b.scope;
    this.members = List.copyOf(b.members);
    this.wires = List.copyOf(b.wires);
    this.inputs = List.copyOf(b.inputs);
    this.outputs = List.copyOf(b.outputs);
    this.ownSpec = b.ownSpec.build();
  }

  public static Builder builder(String name, String scope) {
    return new Builder(name, scope);
  }

  public String simpleName() {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  public String name() {
    return name;
  }

  /** The scope of the composition's own ops (its labels and loss). */
  public String scope() {
    return scope;
  }

  public List<MemberSpec> members() {
    return members;
  }

  public List<WireSpec> wires() {
    return wires;
  }

  public List<PortSpec> inputs() {
    return inputs;
  }

  public List<PortSpec> outputs() {
    return outputs;
  }

  /** The composition's own part, built like a model: its labels and its loss. */
  public ModelSpec ownSpec() {
    return ownSpec;
  }

  public MemberSpec member(String member) {
    for (MemberSpec m : members) {
      if (m.name().equals(member)) {
        return m;
      }
    }
    throw new IllegalArgumentException(simpleName() + " has no member '" + member + "'");
  }

  public PortSpec output(String output) {
    for (PortSpec p : outputs) {
      if (p.name().equals(output)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        simpleName() + " has no output '" + output + "'; it has "
            + outputs.stream().map(PortSpec::name).toList());
  }

  /** Collects a spec; the processor emits members in build order. */
  public static final class Builder {
    private final String name;
    private final String scope;
    private final List<MemberSpec> members = new ArrayList<>();
    private final List<WireSpec> wires = new ArrayList<>();
    private final List<PortSpec> inputs = new ArrayList<>();
    private final List<PortSpec> outputs = new ArrayList<>();
    private final ModelSpec.Builder ownSpec;

    private Builder(String name, String scope) {
      this.name = Objects.requireNonNull(name, "name");
      this.scope = Objects.requireNonNull(scope, "scope");
      this.ownSpec = ModelSpec.builder(name, scope);
    }

    public Builder member(String member, Isolation level, String scope) {
      members.add(new MemberSpec(member, level, scope));
      return this;
    }

    /** A wire from {@code "member.output"} to {@code "member.input"}. */
    public Builder wire(String from, String to) {
      String[] f = split(from);
      String[] t = split(to);
      wires.add(new WireSpec(f[0], f[1], t[0], t[1]));
      return this;
    }

    /** The composition input {@code name}, feeding {@code "member.input"}. */
    public Builder input(String name, String memberInput) {
      String[] p = split(memberInput);
      inputs.add(new PortSpec(name, p[0], p[1]));
      return this;
    }

    /** The composition output {@code name}, computed by {@code "member.output"}. */
    public Builder output(String name, String memberOutput) {
      String[] p = split(memberOutput);
      outputs.add(new PortSpec(name, p[0], p[1]));
      return this;
    }

    /** A label of the composition's own {@code @Loss}. */
    public Builder label(String name, Class<? extends TType> type, long... shape) {
      ownSpec.label(name, type, shape);
      return this;
    }

    public Builder loss() {
      ownSpec.loss();
      return this;
    }

    public CompositionSpec build() {
      return new CompositionSpec(this);
    }

    private static String[] split(String port) {
      int dot = port.indexOf('.');
      // Member names are Java identifiers, so the first dot ends the member (ports may hold dots).
      if (dot <= 0 || dot == port.length() - 1) {
        throw new IllegalArgumentException("expected \"member.port\", got \"" + port + "\"");
      }
      return new String[] {port.substring(0, dot), port.substring(dot + 1)};
    }
  }
}
