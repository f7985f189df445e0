package dev.cordon.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * A seeded mutation fuzzer: valid model and composition sources (the shared fixtures of {@code
 * test-fixtures/models} and a few of the processor tests' own) are mutated the way a hostile user
 * would (members renamed to reserved, inherited or duplicate names, shapes, dtypes and annotation
 * values changed, annotations deleted or repeated, modifiers added or dropped, return and
 * parameter types changed, wires broken, garbage inserted) and compiled with the processor.
 *
 * <p>Each mutant must satisfy: the processor never throws (no {@code [Cordon/InternalError]}, no
 * exception out of javac), and a mutant with no Cordon error and no javac error in the user's own
 * sources generates code that compiles (no error located in a generated file).
 *
 * <p>{@code mvn verify} runs {@value #QUICK} mutants with a fixed seed; the {@code fuzz} profile
 * runs many ({@code mvn -B -pl processor -am verify -Pfuzz -Dcordon.fuzz.mutants=2000}, seed
 * {@code -Dcordon.fuzz.seed}). The summary is printed and written to {@code
 * target/fuzz/summary.txt}; every failing mutant is written to {@code target/fuzz/<n>-<kind>/}
 * (its sources, what was mutated, and the diagnostics) to be compiled again by hand.
 */
class ProcessorFuzzTest {

  static final int QUICK = 80;

  /** What became of one mutant. */
  enum Outcome {
    ACCEPTED,
    REFUSED_BY_CORDON,
    REFUSED_BY_JAVAC,
    GENERATED_CODE_FAILS,
    THROWS
  }

  @Test
  void mutantsNeverCrashTheProcessorNorGenerateBrokenCode() throws IOException {
    int mutants = Integer.getInteger("cordon.fuzz.mutants", QUICK);
    long seed = Long.getLong("cordon.fuzz.seed", 20261201L);
    Path out = Path.of("target", "fuzz");
    Files.createDirectories(out);
    List<List<Source>> seeds = seeds();
    Random random = new Random(seed);
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      counts.put(o, 0);
    }
    Map<String, Integer> cordonIds = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    // The mutants are made in order from the seed, then compiled on a few threads (each javac
    // task is independent); results are read back in order, so a run is reproducible.
    List<List<Source>> sourcesOf = new ArrayList<>();
    List<List<String>> appliedOf = new ArrayList<>();
    for (int n = 0; n < mutants; n++) {
      List<Source> group = seeds.get(random.nextInt(seeds.size()));
      int subject = random.nextDouble() < 0.6 ? group.size() - 1 : random.nextInt(group.size());
      List<String> applied = new ArrayList<>();
      String mutated = group.get(subject).text();
      int count = 1 + random.nextInt(3);
      for (int i = 0; i < count; i++) {
        mutated = Mutations.apply(mutated, random, applied);
      }
      List<Source> sources = new ArrayList<>(group);
      sources.set(subject, new Source(group.get(subject).name(), mutated));
      sourcesOf.add(sources);
      appliedOf.add(applied);
    }
    int threads = Integer.getInteger("cordon.fuzz.threads", 2);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Result>> results = new ArrayList<>();
    for (List<Source> sources : sourcesOf) {
      results.add(pool.submit(() -> compile(sources)));
    }
    pool.shutdown();
    for (int n = 0; n < mutants; n++) {
      Result result;
      try {
        result = results.get(n).get();
      } catch (InterruptedException | ExecutionException e) {
        throw new AssertionFailedError("mutant " + n + " could not be compiled", e);
      }
      List<Source> sources = sourcesOf.get(n);
      List<String> applied = appliedOf.get(n);
      counts.merge(result.outcome(), 1, Integer::sum);
      result.cordonIds().forEach(id -> cordonIds.merge(id, 1, Integer::sum));
      if ((n + 1) % 50 == 0) {
        Files.writeString(out.resolve("progress.txt"), (n + 1) + " of " + mutants + ": " + counts
            + (failures.isEmpty() ? "" : " failures " + failures) + "\n");
      }
      if (result.outcome() == Outcome.GENERATED_CODE_FAILS || result.outcome() == Outcome.THROWS) {
        String name = n + "-" + result.outcome();
        failures.add(name + ": " + applied);
        write(out.resolve(name), sources, applied, result.report());
      }
    }
    String summary =
        "Processor fuzzer: seed " + seed + ", " + mutants + " mutants: "
            + counts.get(Outcome.ACCEPTED) + " accepted, "
            + counts.get(Outcome.REFUSED_BY_CORDON) + " refused by Cordon, "
            + counts.get(Outcome.REFUSED_BY_JAVAC) + " refused by javac, "
            + counts.get(Outcome.GENERATED_CODE_FAILS) + " generated-code failures, "
            + counts.get(Outcome.THROWS) + " throws\n"
            + "Cordon errors by id: " + cordonIds + "\n"
            + (failures.isEmpty() ? "" : "Failing mutants (in target/fuzz/):\n  "
                + String.join("\n  ", failures) + "\n");
    System.out.print(summary);
    Files.writeString(out.resolve("summary.txt"), summary);
    if (!failures.isEmpty()) {
      throw new AssertionFailedError(summary);
    }
  }

  // Compiling one mutant.

  record Source(String name, String text) {
    JavaFileObject file() {
      return JavaFileObjects.forSourceString(name, text);
    }
  }

  record Result(Outcome outcome, Set<String> cordonIds, String report) {}

  private static final Pattern CORDON_ID = Pattern.compile("\\[Cordon/(\\w+)]");

  static Result compile(List<Source> sources) {
    List<JavaFileObject> files = sources.stream().map(Source::file).toList();
    Set<String> userFiles = new LinkedHashSet<>();
    files.forEach(f -> userFiles.add(f.toUri().toString()));
    Compilation compilation;
    try {
      compilation =
          javac()
              .withProcessors(new CordonProcessor())
              .withOptions("-Xlint:-processing")
              .compile(files);
    } catch (RuntimeException | Error e) {
      StringWriter stack = new StringWriter();
      e.printStackTrace(new PrintWriter(stack));
      return new Result(Outcome.THROWS, Set.of(), stack.toString());
    }
    Set<String> ids = new LinkedHashSet<>();
    boolean cordonError = false;
    boolean internal = false;
    boolean userError = false;
    boolean generatedError = false;
    StringBuilder report = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String message = d.getMessage(null);
      String where =
          d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ";
      report.append(d.getKind()).append(' ').append(where).append(message).append('\n');
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      Matcher id = CORDON_ID.matcher(message);
      if (id.find()) {
        cordonError = true;
        ids.add(id.group(1));
        internal |= id.group(1).equals("InternalError");
      } else if (message.contains("uncaught exception")
          || message.contains("An exception has occurred")) {
        internal = true;
      } else if (d.getSource() == null || userFiles.contains(d.getSource().toUri().toString())) {
        userError = true;
      } else {
        generatedError = true;
      }
    }
    Outcome outcome;
    if (internal) {
      outcome = Outcome.THROWS;
    } else if (cordonError) {
      outcome = Outcome.REFUSED_BY_CORDON;
    } else if (userError) {
      outcome = Outcome.REFUSED_BY_JAVAC;
    } else if (generatedError) {
      outcome = Outcome.GENERATED_CODE_FAILS;
    } else {
      outcome = Outcome.ACCEPTED;
    }
    return new Result(outcome, ids, report.toString());
  }

  private static void write(Path dir, List<Source> sources, List<String> applied, String report)
      throws IOException {
    Files.createDirectories(dir);
    for (Source s : sources) {
      Path file = dir.resolve(s.name().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, s.text());
    }
    Files.writeString(
        dir.resolve("mutations.txt"),
        String.join("\n", applied) + "\n\n" + report,
        StandardCharsets.UTF_8);
  }

  // The seeds: groups of valid sources compiled together, the last one most often mutated.

  static List<List<Source>> seeds() {
    Source encoder = fixture("Encoder");
    Source ranker = fixture("Ranker");
    Source pipeline = fixture("SearchPipeline");
    List<List<Source>> seeds = new ArrayList<>();
    seeds.add(List.of(fixture("DigitClassifier")));
    seeds.add(List.of(encoder));
    seeds.add(List.of(ranker));
    seeds.add(List.of(encoder, ranker, pipeline));
    seeds.add(List.of(encoder, ranker, pipeline, fixture("JudgedSearch")));
    seeds.add(List.of(inline("Regressor",
        "@Model(scope = \"regressor\")",
        "public abstract class Regressor {",
        "  @Input(shape = {-1, 2}) abstract Operand<TFloat32> x();",
        "  @Input(shape = {-1, 1}, label = true) abstract Operand<TFloat32> y();",
        "  @Variable(shape = {2, 1}, init = Init.ZEROS) abstract Operand<TFloat32> w();",
        "  @Variable(shape = {1}, init = Init.ZEROS) protected abstract Operand<TFloat32> b();",
        "  @Output(shape = {-1, 1}) Operand<TFloat32> predict(Ops tf) {",
        "    return tf.math.add(tf.linalg.matMul(x(), w()), b());",
        "  }",
        "  @Loss public Operand<TFloat32> loss(Ops tf, Layers nn) {",
        "    return nn.meanSquaredError(predict(tf), y());",
        "  }",
        "  String describe() { return \"regressor\"; }",
        "}")));
    seeds.add(List.of(inline("Counter",
        "@Model(scope = \"counter\")",
        "public interface Counter {",
        "  @Input(shape = {-1}) Operand<TInt32> ids();",
        "  @Input(shape = {}) Operand<TFloat32> scale();",
        "  @Output(shape = {}) default Operand<TInt32> total(Ops tf) {",
        "    return tf.reduceSum(ids(), tf.constant(0));",
        "  }",
        "  @Output(shape = {}) default Operand<TFloat32> scaled(Ops tf) {",
        "    return tf.math.mul(scale(), tf.constant(2f));",
        "  }",
        "}")));
    seeds.add(List.of(encoder, ranker, inline("Pair",
        "@Isolated(scope = \"pair\")",
        "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
        "public abstract class Pair {",
        "  abstract Encoder encoder();",
        "  @Isolated(level = Isolation.SCOPE) abstract Ranker ranker();",
        "  @Input(shape = {-1, 1}, label = true) abstract Operand<TFloat32> relevance();",
        "  @Loss Operand<TFloat32> loss(Ops tf, Layers nn) {",
        "    return nn.meanSquaredError(ranker().score(tf), relevance());",
        "  }",
        "}")));
    return seeds;
  }

  private static Source fixture(String name) {
    try (InputStream in =
        ProcessorFuzzTest.class.getClassLoader()
            .getResourceAsStream("models/com/acme/" + name + ".java")) {
      return new Source("com.acme." + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Source inline(String name, String... lines) {
    return new Source(
        "com.acme." + name,
        "package com.acme;\n" + TestSources.IMPORTS + String.join("\n", lines) + "\n");
  }

  // The mutations.

  /** Text mutations of one source; each appends what it did to {@code applied}. */
  static final class Mutations {

    private Mutations() {}

    /** Names a hostile user would pick: generated, inherited, runtime-reserved, odd. */
    static final List<String> NAMES =
        List.of(
            "toString", "hashCode", "equals", "getClass", "finalize", "clone", "notify",
            "notifyAll", "wait", "builder", "run", "trainStep", "scope", "variables", "save",
            "restore", "exportSavedModel", "close", "inspect", "SPEC", "CORDON_SPEC", "engine",
            "cordonEngine", "self", "build", "start", "seed", "optimizer", "graph", "memberScope",
            "savedModelPath", "allowOps", "outputs", "assembly", "result", "Outputs", "Builder",
            "tf", "nn", "x", "x1", "_x", "$x", "loss", "label", "input", "output", "predict",
            "Operand", "TFloat32", "Ops", "Layers", "Path", "Objects", "String", "e", "dir",
            "checkpoint", "opTypes", "pixelsTensor", "xTensor", "encoderEmbedding", "rankerScore",
            "rankerScope", "embedding", "score", "ranker", "encoder", "retrieval", "judge",
            "default", "var", "record", "yield", "sealed", "permits", "ModelSpec", "ModelEngine",
            "ModelAssembly", "TensorArrays", "Override", "RuntimeException", "Error",
            "CordonModel", "ModelVariables", "OutputTensors", "Generated", "CompositionSpec",
            "CompositionEngine", "CompositionAssembly", "CordonRanker", "CordonEncoder", "CordonPair",
            "CordonRegressor", "CordonCounter", "CordonSearchPipeline",
            "Isolation", "Init", "Float", "Object");

    static final List<String> SHAPES =
        List.of("{}", "{-1}", "{-2}", "{0}", "{1}", "{-1, 3}", "{3, -1}", "{-1, -1}",
            "{1, 2, 3, 4, 5}", "{-1, 784}", "{-1, 4}", "{-1, 1}", "{2, 1}", "{Long.MAX_VALUE}",
            "{1L << 40}", "{}");

    static final List<String> TYPES =
        List.of("TFloat32", "TFloat64", "TInt32", "TInt64", "TBool", "TString", "TUint8",
            "TFloat16", "TBfloat16", "TUint16", "TNumber", "TType", "?", "? extends TNumber",
            "Object");

    static final List<String> RETURNS =
        List.of("Operand<TFloat32>", "Operand<?>", "Operand<TNumber>", "TFloat32", "void", "int",
            "String", "List<Operand<TFloat32>>", "Operand", "Operand<TInt32>", "Object",
            "Encoder", "Ranker", "Operand<TFloat32>[]");

    static final List<String> PARAMETERS =
        List.of("()", "(Ops tf)", "(Layers nn)", "(Ops tf, Layers nn)", "(Layers nn, Ops tf)",
            "(Ops tf, Ops tf2)", "(int x)", "(Ops tf, Layers nn, int k)", "(Ops... tf)",
            "(Ops engine)", "(Ops assembly)", "(Ops loss)", "(Layers x)");

    static final List<String> MODIFIERS =
        List.of("sealed ", "final ", "static ", "private ", "abstract ", "default ", "public ",
            "protected ", "synchronized ", "native ", "strictfp ", "non-sealed ");

    static final List<String> STRINGS =
        List.of("\"\"", "\"a//b\"", "\"_x\"", "\"a b\"", "\"x\"", "\"encoder.embedding\"",
            "\"ranker.embedding\"", "\"ranker.score\"", "\"encoder\"", "\"a.b.c\"",
            "\"encoder.pixels\"", "\"ranker.target\"", "\"judge.loss\"", "\"audit.score\"",
            "\"retrieval.rankerScore\"", "\"retrieval.encoderPixels\"", "\"m\"", "\"-x\"",
            "\"team/m\"", "\"1\"");

    static final List<String> GARBAGE =
        List.of(";", "}", "{", "@", "(", ")", "<", ">", "class", "@Model", "@Isolated",
            "@Input", "@Output", "@Loss", "@Variable", "@Wire", "abstract", "default",
            "@Model(scope = \"z\")", "@Isolated(level = Isolation.SCOPE)", "Operand<TFloat32>",
            "x();", "\"", "/*", "*/", "//", "0", "null", ",", "=", "...", "sealed", "permits");

    static final List<String> MEMBERS =
        List.of(
            "@Input(shape = {-1, 3}) abstract Operand<TFloat32> %s();",
            "@Input(shape = {-1, 3}) Operand<TFloat32> %s();",
            "@Input(shape = {-1, 1}, label = true) Operand<TFloat32> %s();",
            "@Variable(shape = {3}, init = Init.ONES) Operand<TFloat32> %s();",
            "@Output(shape = {-1, 1}) default Operand<TFloat32> %s(Ops tf) { return null; }",
            "@Output(shape = {-1, 1}) Operand<TFloat32> %s(Ops tf) { return null; }",
            "@Loss default Operand<TFloat32> %s(Ops tf) { return null; }",
            "Encoder %s();",
            "Ranker %s();",
            "@Isolated(level = Isolation.SCOPE) Ranker %s();",
            "default String %s() { return \"\"; }",
            "static int %s() { return 0; }",
            "String %s();",
            "static class %s {}",
            "interface %s {}",
            "enum %s { A }");

    static final List<String> TYPE_ANNOTATIONS =
        List.of("@Model(scope = \"m\")", "@Isolated", "@Isolated(level = Isolation.GRAPH)",
            "@Wire(from = \"encoder.embedding\", to = \"ranker.embedding\")",
            "@Wire(from = \"ranker.score\", to = \"encoder.pixels\")",
            "@SavedModel(path = \"nowhere\")", "@Model(scope = \"\")");

    private static final Pattern METHOD_NAME =
        Pattern.compile("(?m)^\\s*(?:@[^\\n]*?\\s)?(?:(?:public|protected|private|abstract|"
            + "default|static|final)\\s+)*(?:Operand<[^>]*>|[A-Z]\\w*)\\s+(\\w+)\\s*\\(");
    private static final Pattern SHAPE = Pattern.compile("shape = \\{[^}]*}");
    private static final Pattern TYPE = Pattern.compile("\\bT(?:Float32|Int32|Float64|Int64)\\b");
    private static final Pattern ANNOTATION =
        Pattern.compile("@(?:Input|Output|Loss|Variable|Isolated|Wire|Model)(?:\\([^)]*\\))?");
    private static final Pattern STRING = Pattern.compile("\"[^\"\\n]*\"");
    private static final Pattern RETURN = Pattern.compile("Operand<T\\w+>(?=\\s+\\w+\\s*\\()|\\b(Encoder|Ranker|SearchPipeline)(?=\\s+\\w+\\(\\))");
    private static final Pattern PARAMS = Pattern.compile("\\((?:Ops tf(?:, Layers nn)?)?\\)(?=\\s*[;{])");
    private static final Pattern DECLARATION_START =
        Pattern.compile("(?m)^(\\s*)(?=(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:public |abstract |default |protected )*(?:Operand<|Encoder |Ranker |SearchPipeline |String |interface |class |abstract class ))");
    private static final Pattern LEVEL = Pattern.compile("Isolation\\.\\w+");
    private static final Pattern INIT = Pattern.compile("Init\\.\\w+");

    static String apply(String source, Random random, List<String> applied) {
      int kind = random.nextInt(14);
      switch (kind) {
        case 0, 1 -> {
          List<String> names = all(METHOD_NAME, source, 1);
          if (names.isEmpty()) {
            break;
          }
          String from = pick(random, names);
          String to = random.nextInt(4) == 0 ? pick(random, names) : pick(random, NAMES);
          if (random.nextBoolean()) {
            applied.add("rename " + from + " -> " + to + " everywhere");
            return source.replaceAll("\\b" + Pattern.quote(from) + "\\b", Matcher.quoteReplacement(to));
          }
          applied.add("rename the declaration of " + from + " -> " + to);
          return replaceOne(source, Pattern.compile("\\b" + Pattern.quote(from) + "(?=\\s*\\()"),
              random, to);
        }
        case 2 -> {
          String shape = pick(random, SHAPES);
          applied.add("shape -> " + shape);
          return replaceOne(source, SHAPE, random, "shape = " + shape);
        }
        case 3 -> {
          String type = pick(random, TYPES);
          if (random.nextBoolean()) {
            applied.add("every tensor type -> " + type);
            return TYPE.matcher(source).replaceAll(Matcher.quoteReplacement(type));
          }
          applied.add("one tensor type -> " + type);
          return replaceOne(source, TYPE, random, type);
        }
        case 4 -> {
          applied.add("delete an annotation");
          return replaceOne(source, ANNOTATION, random, "");
        }
        case 5 -> {
          List<String> found = all(ANNOTATION, source, 0);
          if (found.isEmpty()) {
            break;
          }
          String annotation = pick(random, found);
          applied.add("duplicate " + annotation);
          return source.replace(annotation, annotation + " " + annotation);
        }
        case 6 -> {
          String modifier = pick(random, MODIFIERS);
          applied.add("add modifier " + modifier.trim());
          return insertAtDeclaration(source, random, modifier);
        }
        case 7 -> {
          String word = random.nextBoolean() ? "abstract " : "default ";
          applied.add("drop " + word.trim());
          return replaceOne(source, Pattern.compile(Pattern.quote(word)), random, "");
        }
        case 8 -> {
          String returned = pick(random, RETURNS);
          applied.add("return type -> " + returned);
          return replaceOne(source, RETURN, random, returned);
        }
        case 9 -> {
          String parameters = pick(random, PARAMETERS);
          applied.add("parameters -> " + parameters);
          return replaceOne(source, PARAMS, random, parameters);
        }
        case 10 -> {
          String value = pick(random, STRINGS);
          applied.add("string value -> " + value);
          return replaceOne(source, STRING, random, value);
        }
        case 11 -> {
          String token = pick(random, GARBAGE);
          int at = random.nextInt(source.length() + 1);
          applied.add("insert '" + token + "' at " + at);
          return source.substring(0, at) + " " + token + " " + source.substring(at);
        }
        case 12 -> {
          String member = String.format(pick(random, MEMBERS), pick(random, NAMES));
          applied.add("add member: " + member);
          int end = source.lastIndexOf('}');
          return end < 0 ? source : source.substring(0, end) + "  " + member + "\n" + source.substring(end);
        }
        default -> {
          if (random.nextBoolean()) {
            String level = "Isolation." + pick(random, List.of("SCOPE", "GRAPH", "BOUNDARY", "NONE"));
            applied.add("level -> " + level);
            String changed = replaceOne(source, LEVEL, random, level);
            return changed.equals(source) ? replaceOne(source, INIT, random, "Init.GLOROT_UNIFORM") : changed;
          }
          String annotation = pick(random, TYPE_ANNOTATIONS);
          applied.add("add type annotation " + annotation);
          return replaceOne(source,
              Pattern.compile("(?m)^(?=public |@Model|@Isolated)"), random, annotation + "\n");
        }
      }
      applied.add("(no change)");
      return source;
    }

    private static String insertAtDeclaration(String source, Random random, String text) {
      Matcher m = DECLARATION_START.matcher(source);
      List<Integer> at = new ArrayList<>();
      while (m.find()) {
        at.add(m.end(1));
      }
      if (at.isEmpty()) {
        return source;
      }
      int i = at.get(random.nextInt(at.size()));
      // After the declaration's annotations, before its type: find the first word that is not
      // an annotation on this line.
      int lineEnd = source.indexOf('\n', i);
      String line = source.substring(i, lineEnd < 0 ? source.length() : lineEnd);
      Matcher skip = Pattern.compile("^(?:@\\w+(?:\\([^)]*\\))?\\s+)*").matcher(line);
      int offset = skip.find() ? skip.end() : 0;
      return source.substring(0, i + offset) + text + source.substring(i + offset);
    }

    private static List<String> all(Pattern pattern, String source, int group) {
      Matcher m = pattern.matcher(source);
      Set<String> found = new LinkedHashSet<>();
      while (m.find()) {
        found.add(m.group(group));
      }
      return new ArrayList<>(found);
    }

    private static String replaceOne(String source, Pattern pattern, Random random, String with) {
      Matcher m = pattern.matcher(source);
      List<int[]> spans = new ArrayList<>();
      while (m.find()) {
        spans.add(new int[] {m.start(), m.end()});
      }
      if (spans.isEmpty()) {
        return source;
      }
      int[] span = spans.get(random.nextInt(spans.size()));
      return source.substring(0, span[0]) + with + source.substring(span[1]);
    }

    private static <T> T pick(Random random, List<T> list) {
      return list.get(random.nextInt(list.size()));
    }
  }

  /** Reproduces one written mutant: {@code -Dcordon.fuzz.replay=target/fuzz/<n>-<kind>}. */
  @Test
  void replay() throws IOException {
    String replay = System.getProperty("cordon.fuzz.replay");
    if (replay == null) {
      return;
    }
    List<Source> sources;
    try (var files = Files.walk(Path.of(replay))) {
      sources =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .map(f -> {
                try {
                  String name = Path.of(replay).relativize(f).toString()
                      .replace('/', '.').replaceFirst("\\.java$", "");
                  return new Source(name, Files.readString(f));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
              .collect(Collectors.toList());
    }
    Result result = compile(sources);
    System.out.println(result.outcome() + "\n" + result.report());
  }
}
