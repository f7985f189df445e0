package dev.cordon.processor;

import dev.cordon.processor.CompositionMember.MemberPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;

/**
 * Reads a composition's {@code @Wire}s (written directly or inside their {@code @Wires} container)
 * and resolves each against the members: {@code WireSyntax}, {@code UnknownMember}, {@code
 * UnknownPort}, {@code WireDirection}, {@code WireType}, {@code WireShape}, {@code SelfWire} and
 * {@code InputFedTwice}. A wire with a mistake in one end gets one error and no further checks, so
 * one typo never produces a cascade. Cycles are {@link CompositionOrder}'s business.
 */
final class CompositionWires {

  /** One {@code @Wire} as written: its mirror and its two values, for precise positions. */
  record Declaration(
      AnnotationMirror mirror,
      String from,
      AnnotationValue fromValue,
      String to,
      AnnotationValue toValue) {}

  /**
   * A wire both of whose ends name a real output and input (of a model member, or a nested
   * composition's own output and input).
   */
  record Wire(
      Declaration declaration,
      CompositionMember fromMember,
      MemberPort output,
      CompositionMember toMember,
      MemberPort input) {
    String from() {
      return fromMember.name() + "." + output.name();
    }

    String to() {
      return toMember.name() + "." + input.name();
    }
  }

  /**
   * @param wires the wires without mistakes, in declaration order
   * @param complete whether every declared wire resolved (else the build order is not checked)
   */
  record Resolution(ValidationReport report, List<Wire> wires, boolean complete) {}

  private final Annotations annotations;

  CompositionWires(Annotations annotations) {
    this.annotations = annotations;
  }

  /** The {@code @Wire}s of {@code composition}, in source order. */
  List<Declaration> declarations(TypeElement composition) {
    List<AnnotationMirror> mirrors = new ArrayList<>();
    Annotations.find(composition, TypeNames.WIRE).ifPresent(mirrors::add);
    Optional<AnnotationMirror> container = Annotations.find(composition, TypeNames.WIRES);
    if (container.isPresent()) {
      if (!(annotations.value(container.get(), "value").getValue() instanceof List<?> list)) {
        throw new Annotations.Malformed("value");
      }
      for (Object o : list) {
        if (o instanceof AnnotationValue v && v.getValue() instanceof AnnotationMirror m) {
          mirrors.add(m);
        } else {
          throw new Annotations.Malformed("value");
        }
      }
    }
    List<Declaration> result = new ArrayList<>();
    for (AnnotationMirror m : mirrors) {
      result.add(
          new Declaration(
              m,
              annotations.string(m, "from"),
              annotations.value(m, "from"),
              annotations.string(m, "to"),
              annotations.value(m, "to")));
    }
    return result;
  }

  /**
   * @param memberNames every method that was meant as a member, valid or not: a wire naming an
   *     invalid member is silently skipped, since that member already has its error
   */
  Resolution resolve(
      TypeElement composition, List<CompositionMember> members, List<String> memberNames) {
    String name = ElementFormatter.type(composition);
    ValidationReport.Builder report = ValidationReport.builder();
    List<Wire> wires = new ArrayList<>();
    Map<String, Wire> fed = new LinkedHashMap<>();
    boolean complete = true;
    for (Declaration d : declarations(composition)) {
      Optional<End> from = end(composition, name, d, true, members, memberNames, report);
      Optional<End> to = end(composition, name, d, false, members, memberNames, report);
      if (from.isEmpty() || to.isEmpty()) {
        complete = false;
        continue;
      }
      Wire wire =
          new Wire(d, from.get().member, from.get().output, to.get().member, to.get().input);
      Wire first = fed.putIfAbsent(wire.to(), wire);
      String problem = null;
      if (wire.fromMember().equals(wire.toMember())) {
        problem = Messages.selfWire(name, d.from(), d.to());
      } else if (first != null) {
        problem = Messages.inputFedTwice(name, wire.to(), first.from());
      } else if (wire.output().type() != wire.input().type()) {
        problem =
            Messages.wireType(
                name,
                wire.from(),
                wire.output().type().simpleName(),
                wire.fromMember().typeName(),
                wire.to(),
                wire.input().type().simpleName(),
                wire.toMember().typeName());
      } else if (!shapesMayMatch(wire.output().shape(), wire.input().shape())) {
        problem =
            Messages.wireShape(
                name,
                wire.from(),
                shape(wire.output().shape()),
                wire.fromMember().typeName(),
                wire.to(),
                shape(wire.input().shape()),
                wire.toMember().typeName());
      }
      if (problem != null) {
        boolean onFrom = wire.fromMember().equals(wire.toMember());
        report.error(
            problem, composition, d.mirror(), onFrom ? d.fromValue() : d.toValue());
        // A self-wire or second feed would make the order check meaningless; a type or shape
        // mismatch still orders the members, so cycles through it are reported too.
        if (onFrom || first != null) {
          complete = false;
          continue;
        }
      }
      wires.add(wire);
    }
    return new Resolution(report.build(), List.copyOf(wires), complete);
  }

  /** One resolved end of a wire: a member and its output (from) or input (to). */
  private record End(CompositionMember member, MemberPort output, MemberPort input) {}

  private Optional<End> end(
      TypeElement composition,
      String name,
      Declaration d,
      boolean isFrom,
      List<CompositionMember> members,
      List<String> memberNames,
      ValidationReport.Builder report) {
    String attribute = isFrom ? "from" : "to";
    String value = isFrom ? d.from() : d.to();
    AnnotationValue position = isFrom ? d.fromValue() : d.toValue();
    int dot = value.indexOf('.');
    if (dot <= 0 || dot == value.length() - 1) {
      report.error(Messages.wireSyntax(name, attribute, value), composition, d.mirror(), position);
      return Optional.empty();
    }
    String memberName = value.substring(0, dot);
    String port = value.substring(dot + 1);
    CompositionMember member =
        members.stream().filter(m -> m.name().equals(memberName)).findFirst().orElse(null);
    if (member == null) {
      if (!memberNames.contains(memberName)) {
        report.error(
            Messages.unknownMember(
                name, attribute, value, memberName, hint(memberName, memberNames, "members")),
            composition,
            d.mirror(),
            position);
      }
      return Optional.empty();
    }
    Optional<MemberPort> output =
        member.outputs().stream().filter(o -> o.name().equals(port)).findFirst();
    Optional<MemberPort> input =
        member.inputs().stream().filter(i -> i.name().equals(port)).findFirst();
    if (isFrom ? output.isPresent() : input.isPresent()) {
      return Optional.of(new End(member, output.orElse(null), input.orElse(null)));
    }
    if (isFrom ? input.isPresent() : output.isPresent()) {
      report.error(
          Messages.wireDirection(name, attribute, value, member.typeName(), port),
          composition,
          d.mirror(),
          position);
      return Optional.empty();
    }
    List<String> known =
        (isFrom ? member.outputs() : member.inputs()).stream().map(MemberPort::name).toList();
    report.error(
        Messages.unknownPort(
            name,
            attribute,
            value,
            memberName,
            member.typeName(),
            port,
            hint(port, known, isFrom ? "outputs" : "inputs")),
        composition,
        d.mirror(),
        position);
    return Optional.empty();
  }

  /** {@code Did you mean "x"?} for a close name, else the list of the known names. */
  static String hint(String wrong, List<String> known, String what) {
    Optional<String> closest =
        known.stream()
            .min(Comparator.comparingInt((String k) -> editDistance(wrong, k)))
            .filter(k -> editDistance(wrong, k) <= Math.max(2, Math.min(wrong.length(), k.length()) / 3));
    if (closest.isPresent()) {
      return "Did you mean \"" + closest.get() + "\"?";
    }
    if (known.isEmpty()) {
      return "It has no " + what + ".";
    }
    return "The " + what + " are: " + String.join(", ", known) + ".";
  }

  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  /** False when the ranks differ or two known dimensions differ; -1 matches anything. */
  static boolean shapesMayMatch(List<Long> output, List<Long> input) {
    if (output.size() != input.size()) {
      return false;
    }
    for (int i = 0; i < output.size(); i++) {
      long a = output.get(i);
      long b = input.get(i);
      if (a != -1 && b != -1 && a != b) {
        return false;
      }
    }
    return true;
  }

  /** {@code [-1, 64]}. */
  static String shape(List<Long> shape) {
    return shape.toString();
  }
}
