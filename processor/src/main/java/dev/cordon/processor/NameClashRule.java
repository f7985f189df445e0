package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import dev.cordon.processor.CompositionGraph.Member;
import dev.cordon.processor.CompositionGraph.MemberPort;
import dev.cordon.processor.CompositionGraph.Port;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * {@code NameClash}: the generated class's methods (the fixed API, one prediction per composition
 * output, one scope setter per member) must not collide with each other or the composition's own
 * methods, nor its inputs and labels (the parameters of {@code trainStep}) with each other. Only
 * checked on an otherwise clean composition, whose generated API is then known.
 */
final class NameClashRule implements CompositionRule {

  @Override
  public void check(CompositionGraph graph, ValidationReport.Builder report) {
    if (!report.isClean()) {
      return;
    }
    TypeElement type = graph.type();
    String name = ElementFormatter.type(type);
    Map<String, String> methods = new LinkedHashMap<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!method.getModifiers().contains(Modifier.PRIVATE)) {
        methods.putIfAbsent(method.getSimpleName().toString(), method(method));
      }
    }
    List<String> fixed =
        new ArrayList<>(List.of("builder", "run", "inspect", "close", "exportSavedModel"));
    if (graph.loss().isPresent()) {
      fixed.add("trainStep");
      fixed.add("fit");
      fixed.add("evaluate");
    }
    for (String f : fixed) {
      String user = methods.get(f);
      if (user != null) {
        Element element = findMethod(type, f);
        report.error(
            Messages.nameClash(name, f + "()", "the generated API", user),
            element,
            Annotations.find(element, TypeNames.ISOLATED).orElse(null));
      }
      methods.put(f, "the generated " + f + "()");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (ModelMember own : graph.own()) {
      if (own.kind() == MemberKind.INPUT) {
        parameters.put(own.methodName(), "the label " + method(own.method()));
      }
    }
    for (Member m : graph.members()) {
      List<String[]> generated = new ArrayList<>();
      generated.add(new String[] {m.name() + "Scope", "the builder's scope setter of " + m.name()});
      for (MemberPort out : m.outputs()) {
        generated.add(
            new String[] {m.portName(out), "the prediction of " + m.name() + "." + out.name()});
      }
      for (String[] g : generated) {
        String other = methods.putIfAbsent(g[0], g[1]);
        if (other != null) {
          report.error(
              Messages.nameClash(name, g[0] + "(...)", g[1], other), m.method(), m.isolated());
        }
      }
      for (Port port : graph.inputs()) {
        if (!port.member().equals(m)) {
          continue;
        }
        String what = "the composition input " + port.memberPort();
        String other = parameters.putIfAbsent(port.name(), what);
        if (other != null) {
          report.error(
              Messages.nameClash(name, port.name(), what, other), m.method(), m.isolated());
        }
      }
    }
  }

  private static Element findMethod(TypeElement type, String name) {
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (method.getSimpleName().contentEquals(name)) {
        return method;
      }
    }
    return type;
  }
}
