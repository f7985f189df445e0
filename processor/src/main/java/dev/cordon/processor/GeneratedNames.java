package dev.cordon.processor;

import static dev.cordon.processor.ElementFormatter.method;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.cordon.processor.CompositionGraph.Member;
import dev.cordon.processor.CompositionGraph.Port;
import dev.cordon.processor.ModelDescriptor.Computed;
import dev.cordon.processor.ModelDescriptor.Input;
import dev.cordon.processor.ModelDescriptor.Parameter;
import dev.cordon.processor.ModelDescriptor.SavedModelRef;
import dev.cordon.processor.ModelDescriptor.Supplied;
import dev.cordon.processor.ModelDescriptor.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * {@code ReservedName} (models) and {@code NameClash} (compositions): no name the generated code
 * gives to a user's member may collide with a name the generated code claims for itself or
 * inherits ({@code Object}'s methods included), nor with another member's.
 *
 * <p>The reserved names are not a list kept by hand: they are read from what the generators
 * really emit. At start-up the generators run once on <em>probe</em> descriptors, a model and a
 * composition with one member of every kind, whose user names all start with {@link #PROBE}. Every
 * method of the generated class, its {@code Outputs} holder and its {@code Builder} that does not
 * carry a probe name is part of the generated API; to those are added the methods the three
 * classes inherit ({@code Object}, {@code CordonModel}/{@code CordonComposition}, {@code
 * AutoCloseable}, {@code ModelBuilder}/{@code CompositionBuilder}, read from the class path). A
 * member added to a generator is therefore reserved without anyone remembering to. Fields are
 * checked on the class really generated for the model: the generator renames its own fields
 * ({@code engine}, {@code SPEC}) out of a member's way, so only two members can collide there.
 *
 * <p>Runs last, on an otherwise clean model or composition, whose generated code is then known.
 */
final class GeneratedNames {

  /** The prefix of every user name in the probe descriptors. */
  static final String PROBE = "cordonProbe";

  /** Where a name lands in the generated code. */
  enum Place {
    /** A field of the generated class. */
    FIELD,
    /** A method of the generated class. */
    METHOD,
    /** A getter of its {@code Outputs} holder. */
    OUTPUTS,
    /** A method of its {@code Builder}. */
    BUILDER
  }

  /**
   * A name the generated code claims: {@code what} says who claims it, as messages show it
   * ({@code "the generated API"}, {@code "java.lang.Object.toString()"}).
   */
  record Reserved(String what, boolean generated, boolean inheritedFromObject) {}

  /**
   * A name the generated code gives to one user element (a member, a label, the loss) or, for a
   * plain method, the name that method already takes in the generated class.
   */
  record Claim(
      String name,
      Place place,
      ExecutableElement owner,
      AnnotationMirror annotation,
      String what,
      boolean plain) {}

  private final Map<Place, Map<String, Reserved>> modelReserved;
  private final Map<Place, Map<String, Reserved>> compositionReserved;

  private final Elements elements;

  /** The generated code's own fields and parameters ({@code assembly}, {@code engine}...). */
  private final Set<String> ownVariables = new HashSet<>();

  GeneratedNames(Elements elements) {
    this.elements = elements;
    ModelGenerator models = new ModelGenerator(Optional.empty());
    CompositionGenerator compositions = new CompositionGenerator(Optional.empty());
    this.modelReserved = new LinkedHashMap<>();
    List<TypeSpec> probes =
        List.of(
            models.generate(probeModel(false)),
            models.generate(probeModel(true)),
            compositions.generate(probeComposition()));
    reserve(modelReserved, probes.get(0), elements);
    reserve(modelReserved, probes.get(1), elements);
    this.compositionReserved = new LinkedHashMap<>();
    reserve(compositionReserved, probes.get(2), elements);
    for (TypeSpec probe : probes) {
      variables(probe).stream().filter(v -> !v.startsWith(PROBE)).forEach(ownVariables::add);
    }
  }

  // Checks.

  /** Checks a clean {@code @Model} against {@code file}, the class generated for it. */
  ValidationReport checkModel(TypeElement type, GeneratedFiles.File file) {
    TypeSpec generated = file.type();
    List<Claim> claims = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      Optional<ModelMember> member = ModelMember.of(method);
      String name = method.getSimpleName().toString();
      if (member.isEmpty()) {
        if (!method.getModifiers().contains(Modifier.PRIVATE)) {
          claims.add(new Claim(name, Place.METHOD, method, null, null, true));
        }
        continue;
      }
      ModelMember m = member.get();
      String what = "the " + m.kind().display() + " " + method(method);
      claims.add(new Claim(name, Place.FIELD, method, m.annotation(), what, false));
      claims.add(new Claim(name, Place.METHOD, method, m.annotation(), what, false));
      if (m.kind() == MemberKind.OUTPUT) {
        claims.add(new Claim(name, Place.OUTPUTS, method, m.annotation(), what, false));
      }
    }
    String generatedName = generated.name;
    TypeElement hiding = nestedType(type, generatedName);
    if (hiding != null) {
      return ValidationReport.builder()
          .error(
              Messages.nestedTypeHides(
                  ElementFormatter.type(type), ElementFormatter.type(hiding), generatedName,
                  "the generated class"),
              hiding.getEnclosingElement().equals(type) ? hiding : type)
          .build();
    }
    Set<String> qualifiers = qualifiers(file.source());
    return check(claims, generated, modelReserved, qualifiers, (claim, clash) -> {
      String where =
          switch (claim.place()) {
            case OUTPUTS -> generatedName + ".Outputs";
            case BUILDER -> generatedName + ".Builder";
            default -> generatedName;
          };
      String problem =
          switch (clash.kind()) {
            case GENERATED -> where + " declares " + claim.name() + "() as part of its API";
            case INHERITED -> where + " would declare " + claim.name()
                + (claim.place() == Place.METHOD ? "(...)" : "()") + " for it, but inherits "
                + clash.what();
            case QUALIFIER -> where + " names the type " + claim.name() + " (as in "
                + claim.name() + ".x), which a field of that name would hide";
            case OTHER -> where + " would declare "
                + (claim.place() == Place.FIELD ? "the field " : "the method ") + claim.name()
                + " for it and for " + clash.what();
          };
      return Messages.reservedName(method(claim.owner()), problem);
    });
  }

  /** Checks a clean composition against {@code file}, the class generated for it. */
  ValidationReport checkComposition(CompositionGraph graph, GeneratedFiles.File file) {
    TypeSpec generated = file.type();
    List<Claim> claims = new ArrayList<>();
    Set<ExecutableElement> members = new HashSet<>();
    for (Member m : graph.members()) {
      members.add(m.method());
      String what = "the member " + m.name();
      claims.add(new Claim(m.name(), Place.FIELD, m.method(), m.isolated(), what, false));
      claims.add(new Claim(m.name(), Place.METHOD, m.method(), m.isolated(), what, false));
      claims.add(
          new Claim(
              m.name() + "Scope",
              Place.BUILDER,
              m.method(),
              m.isolated(),
              "the builder's scope setter of " + m.name(),
              false));
      for (Port out : graph.outputs()) {
        if (out.member().equals(m)) {
          String prediction = "the prediction of " + out.memberPort();
          claims.add(
              new Claim(out.name(), Place.METHOD, m.method(), m.isolated(), prediction, false));
          claims.add(
              new Claim(
                  out.name(),
                  Place.OUTPUTS,
                  m.method(),
                  m.isolated(),
                  "the Outputs getter of " + out.memberPort(),
                  false));
        }
      }
    }
    for (ModelMember own : graph.own()) {
      if (own.kind() != MemberKind.INPUT && own.kind() != MemberKind.LOSS) {
        continue;
      }
      members.add(own.method());
      String what =
          (own.kind() == MemberKind.LOSS ? "the loss " : "the label ") + method(own.method());
      for (Place place : List.of(Place.FIELD, Place.METHOD)) {
        claims.add(new Claim(own.methodName(), place, own.method(), own.annotation(), what, false));
      }
    }
    for (ExecutableElement method : ElementFilter.methodsIn(graph.type().getEnclosedElements())) {
      if (!members.contains(method) && !method.getModifiers().contains(Modifier.PRIVATE)) {
        claims.add(
            new Claim(method.getSimpleName().toString(), Place.METHOD, method, null, null, true));
      }
    }
    String composition = ElementFormatter.type(graph.type());
    // Same-package classes are written by their simple name, which a nested type would hide.
    ValidationReport.Builder hidden = ValidationReport.builder();
    Map<String, String> sameName = new LinkedHashMap<>();
    sameName.put(generated.name, "the generated class");
    for (Member m : graph.members()) {
      sameName.putIfAbsent(m.generatedClass().simpleName(), "the generated class of member " + m.name());
    }
    for (Map.Entry<String, String> e : sameName.entrySet()) {
      TypeElement hiding = nestedType(graph.type(), e.getKey());
      if (hiding != null) {
        hidden.error(
            Messages.nestedTypeHides(
                composition, ElementFormatter.type(hiding), e.getKey(), e.getValue()),
            hiding.getEnclosingElement().equals(graph.type()) ? hiding : graph.type());
        return hidden.build();
      }
    }
    Set<String> qualifiers = qualifiers(file.source());
    return check(claims, generated, compositionReserved, qualifiers, (claim, clash) ->
        clash.kind() == ClashKind.QUALIFIER
            ? Messages.fieldClash(
                composition, claim.name(), claim.what(), "the type " + claim.name()
                    + " the generated code refers to")
            : clash.kind() == ClashKind.GENERATED
            ? Messages.nameClash(
                composition, claim.name() + "()", clash.what(), method(claim.owner()))
            : claim.place() == Place.FIELD
                ? Messages.fieldClash(composition, claim.name(), claim.what(), clash.what())
                : Messages.nameClash(composition, signature(claim), claim.what(), clash.what()));
  }

  private static final Pattern NOISE =
      Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|/\\*.*?\\*/|//[^\n]*", Pattern.DOTALL);
  private static final Pattern QUALIFIER = Pattern.compile("(?<![\\w$.])([A-Za-z_$][\\w$]*)\\s*\\.");
  private static final Pattern IMPORT = Pattern.compile("(?m)^(?:package|import) [^;]*;");

  /**
   * The names the generated code writes before a dot (types as in {@code ModelSpec.builder},
   * package roots as in {@code java.nio.file.Path}): a field or parameter of the same name would
   * hide them. Its own variables ({@code assembly}, {@code engine}...) are not among them.
   */
  private Set<String> qualifiers(String source) {
    String code = IMPORT.matcher(NOISE.matcher(source).replaceAll("\"\"")).replaceAll("");
    Set<String> names = new HashSet<>();
    Matcher m = QUALIFIER.matcher(code);
    while (m.find()) {
      names.add(m.group(1));
    }
    names.remove("this");
    names.remove("super");
    names.removeAll(ownVariables);
    return names;
  }

  /** Every field and parameter name the generated code declares. */
  private static Set<String> variables(TypeSpec type) {
    Set<String> names = new HashSet<>();
    type.fieldSpecs.forEach(f -> names.add(f.name));
    for (MethodSpec method : type.methodSpecs) {
      method.parameters.forEach(p -> names.add(p.name));
    }
    type.typeSpecs.forEach(t -> names.addAll(variables(t)));
    return names;
  }

  /** A member type named {@code simpleName} that {@code type} declares or inherits, or null. */
  private TypeElement nestedType(TypeElement type, String simpleName) {
    for (TypeElement nested : ElementFilter.typesIn(elements.getAllMembers(type))) {
      if (nested.getSimpleName().contentEquals(simpleName)) {
        return nested;
      }
    }
    return null;
  }

  /** What a claim collides with: the generated API, an inherited method, or another claim. */
  enum ClashKind {
    GENERATED,
    INHERITED,
    OTHER,
    /** A type (or package) the generated code names before a dot, which a field would hide. */
    QUALIFIER
  }

  /** A collision: its kind, and {@code what} the claim collides with, as messages show it. */
  record Clash(ClashKind kind, String what) {}

  interface Wording {
    String message(Claim claim, Clash clash);
  }

  private static ValidationReport check(
      List<Claim> claims,
      TypeSpec generated,
      Map<Place, Map<String, Reserved>> reserved,
      Set<String> qualifiers,
      Wording wording) {
    ValidationReport.Builder report = ValidationReport.builder();
    Set<Element> reported = new HashSet<>();
    Map<String, Integer> fields = new LinkedHashMap<>();
    for (FieldSpec field : generated.fieldSpecs) {
      fields.merge(field.name, 1, Integer::sum);
    }
    // A field the generated class declares twice although one claim asks for it: the generator's
    // own field did not step aside.
    Map<String, Set<Element>> fieldOwners = new LinkedHashMap<>();
    for (Claim claim : claims) {
      if (claim.place() == Place.FIELD) {
        fieldOwners.computeIfAbsent(claim.name(), n -> new HashSet<>()).add(claim.owner());
      }
    }
    fields.replaceAll((name, count) -> fieldOwners.getOrDefault(name, Set.of()).size() < count
        ? count : 0);
    Map<String, Claim> first = new LinkedHashMap<>();
    Map<String, Claim> plain = new LinkedHashMap<>();
    for (Claim claim : claims) {
      if (claim.plain()) {
        plain.putIfAbsent(claim.name(), claim);
      }
    }
    for (Claim claim : claims) {
      if (reported.contains(claim.owner())) {
        continue;
      }
      Clash clash = clash(claim, reserved, fields, first, plain);
      if (clash == null && claim.place() == Place.FIELD && qualifiers.contains(claim.name())) {
        clash = new Clash(ClashKind.QUALIFIER, claim.name());
      }
      if (clash != null) {
        reported.add(claim.owner());
        report.error(wording.message(claim, clash), claim.owner(), claim.annotation());
      }
    }
    return report.build();
  }

  private static Clash clash(
      Claim claim,
      Map<Place, Map<String, Reserved>> reserved,
      Map<String, Integer> fields,
      Map<String, Claim> first,
      Map<String, Claim> plain) {
    String key = claim.place() + " " + claim.name();
    if (claim.plain()) {
      // A user's own method takes its name in the generated class too: only the generated API
      // may not (overriding Object's methods in the user's type is fine).
      Reserved r = reserved.getOrDefault(Place.METHOD, Map.of()).get(claim.name());
      return r == null || r.inheritedFromObject() ? null : new Clash(ClashKind.GENERATED, r.what());
    }
    Claim earlier = first.putIfAbsent(key, claim);
    if (earlier != null && !earlier.owner().equals(claim.owner())) {
      return new Clash(ClashKind.OTHER, earlier.what());
    }
    if (claim.place() == Place.FIELD) {
      return fields.getOrDefault(claim.name(), 0) > 1
          ? new Clash(ClashKind.OTHER, "a field of the generated class")
          : null;
    }
    Reserved r = reserved.getOrDefault(claim.place(), Map.of()).get(claim.name());
    if (r != null) {
      return new Clash(r.generated() ? ClashKind.GENERATED : ClashKind.INHERITED, r.what());
    }
    if (claim.place() == Place.METHOD) {
      Claim user = plain.get(claim.name());
      if (user != null) {
        return new Clash(ClashKind.OTHER, method(user.owner()));
      }
    }
    return null;
  }

  private static String signature(Claim claim) {
    return claim.name() + "(...)";
  }

  // Reading the reserved names off the generated code.

  private static void reserve(
      Map<Place, Map<String, Reserved>> reserved, TypeSpec generated, Elements elements) {
    addMethods(reserved, Place.METHOD, generated, "the generated API");
    List<TypeName> supertypes = new ArrayList<>(generated.superinterfaces);
    supertypes.add(generated.superclass);
    inherit(reserved, Place.METHOD, supertypes, elements);
    for (TypeSpec nested : generated.typeSpecs) {
      Place place = nested.name.equals("Outputs") ? Place.OUTPUTS : Place.BUILDER;
      addMethods(reserved, place, nested, "the generated API");
      List<TypeName> nestedSupertypes = new ArrayList<>(nested.superinterfaces);
      nestedSupertypes.add(nested.superclass);
      inherit(reserved, place, nestedSupertypes, elements);
    }
  }

  private static void addMethods(
      Map<Place, Map<String, Reserved>> reserved, Place place, TypeSpec type, String what) {
    for (MethodSpec method : type.methodSpecs) {
      if (!method.isConstructor() && !method.name.startsWith(PROBE)) {
        reserved
            .computeIfAbsent(place, p -> new LinkedHashMap<>())
            .putIfAbsent(method.name, new Reserved(what, true, false));
      }
    }
  }

  /** The non-private methods {@code supertypes} (and Object) give the generated class. */
  private static void inherit(
      Map<Place, Map<String, Reserved>> reserved,
      Place place,
      List<TypeName> supertypes,
      Elements elements) {
    List<TypeElement> types = new ArrayList<>();
    for (TypeName supertype : supertypes) {
      TypeName raw =
          supertype instanceof ParameterizedTypeName p ? p.rawType : supertype;
      if (raw instanceof ClassName c && !c.packageName().equals(PROBE)) {
        TypeElement element = elements.getTypeElement(c.canonicalName());
        if (element != null) {
          types.add(element);
        }
      }
    }
    TypeElement object = elements.getTypeElement(Object.class.getName());
    if (object != null) {
      types.add(object);
    }
    for (TypeElement type : types) {
      for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
        if (method.getModifiers().contains(Modifier.PRIVATE)) {
          continue;
        }
        TypeElement declaring = (TypeElement) method.getEnclosingElement();
        boolean fromObject = declaring.getQualifiedName().contentEquals(Object.class.getName());
        reserved
            .computeIfAbsent(place, p -> new LinkedHashMap<>())
            .putIfAbsent(
                method.getSimpleName().toString(),
                new Reserved(
                    declaring.getQualifiedName() + "." + method.getSimpleName() + "()",
                    false,
                    fromObject));
      }
    }
  }

  // The probes: one member of every kind, every user name starting with PROBE.

  private static final ClassName PROBE_TYPE = ClassName.get(PROBE, "CordonProbe");

  private static ModelDescriptor probeModel(boolean savedModel) {
    List<Parameter> parameters =
        List.of(new Parameter(PROBE + "Ops", Supplied.OPS), new Parameter(PROBE + "L", Supplied.LAYERS));
    return new ModelDescriptor(
        ClassName.get(PROBE, "Probe"),
        PROBE_TYPE,
        PROBE,
        false,
        true,
        List.of(
            new Input(PROBE + "X", PROBE + "X", TensorType.TFLOAT32, List.of(-1L, 2L), false,
                Optional.empty()),
            new Input(PROBE + "Y", PROBE + "Y", TensorType.TFLOAT32, List.of(-1L, 1L), true,
                Optional.empty())),
        savedModel
            ? List.of()
            : List.of(new Variable(PROBE + "W", PROBE + "W", TensorType.TFLOAT32, List.of(2L),
                "ZEROS", Optional.empty())),
        List.of(
            new Computed(PROBE + "Out", PROBE + "Out", TensorType.TFLOAT32, List.of(-1L, 1L),
                savedModel ? List.of() : parameters, Optional.empty())),
        savedModel
            ? Optional.empty()
            : Optional.of(new Computed(PROBE + "Loss", PROBE + "Loss", TensorType.TFLOAT32,
                List.of(), parameters, Optional.empty())),
        savedModel
            ? Optional.of(new SavedModelRef(PROBE, "serving_default", List.of("serve")))
            : Optional.empty());
  }

  private static CompositionDescriptor probeComposition() {
    String port = PROBE + "MPort";
    return new CompositionDescriptor(
        ClassName.get(PROBE, "Probe"),
        PROBE_TYPE,
        PROBE,
        PROBE,
        false,
        true,
        List.of(
            new CompositionDescriptor.Member(
                PROBE + "M", "SCOPE", PROBE, ClassName.get(PROBE, "CordonM"), Optional.empty(),
                true)),
        List.of(),
        List.of(new CompositionDescriptor.Port(port + "In", PROBE + "M.x", TensorType.TFLOAT32,
            List.of(-1L, 2L), List.of())),
        List.of(new CompositionDescriptor.Port(port + "Out", PROBE + "M.y", TensorType.TFLOAT32,
            List.of(-1L, 1L), List.of(port + "In"))),
        List.of(new Input(PROBE + "Label", PROBE + "Label", TensorType.TFLOAT32,
            List.of(-1L, 1L), true, Optional.empty())),
        Optional.of(new Computed(PROBE + "Loss", PROBE + "Loss", TensorType.TFLOAT32, List.of(),
            List.of(new Parameter(PROBE + "Ops", Supplied.OPS)), Optional.empty())),
        List.of(port + "In"));
  }
}
