package dev.cordon.it;

import com.acme.CordonDigitClassifier;
import com.acme.CordonSearchPipeline;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.internal.ModelSpec.InputSpec;
import dev.cordon.internal.NativeRun;
import dev.cordon.internal.OutputTensors;
import dev.cordon.internal.composition.CompositionEngine;
import dev.cordon.internal.composition.CompositionGraph.Port;
import dev.cordon.runtime.CordonComposition;
import dev.cordon.runtime.CordonModel;
import dev.cordon.runtime.TensorArrays;
import dev.cordon.runtime.savedmodel.ImportedSavedModel;
import dev.cordon.runtime.savedmodel.SavedModelImport;
import dev.cordon.runtime.savedmodel.SignatureOutputs;
import java.io.PrintStream;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The seeded bad-call fuzzer, run in a child JVM by {@link BadCallFuzzTest} (so that a native
 * crash is seen as the child's exit code): {@code calls} wrong calls against generated models,
 * compositions and a SavedModel imported by hand, each derived from {@code (seed, index)} alone.
 * Every call must be refused with an {@link IllegalArgumentException} or an {@link
 * IllegalStateException} whose message names the owner (model, composition, import) and the
 * method; anything else (another exception, a message naming neither, a wrong call accepted) is an
 * unclear refusal. Prints {@code > i} before call i (so the parent can resume after a crash), a few
 * unclear examples, and a last line {@code FUZZ calls=... clear=... unclear=... leaked=...}.
 *
 * <p>Arguments: seed, first call index, number of calls.
 */
public final class BadCallFuzzer {

  private static final List<Class<? extends TType>> TYPES =
      List.of(TFloat32.class, TInt32.class, TFloat64.class, TInt64.class, TBool.class);

  /** One wrong call: who must be named, which method, and the call. */
  private record Call(String owner, String method, ThrowingRunnable action, List<String> aliases) {
    Call(String owner, String method, ThrowingRunnable action) {
      this(owner, method, action, List.of());
    }
  }

  private interface ThrowingRunnable {
    Object run() throws Throwable;
  }

  /** A generated model or composition under fuzz. */
  private static final class Target {
    final String owner;
    final Object open;
    final Object closed;
    final ModelEngine model; // one of model, composition
    final CompositionEngine composition;
    final List<Method> tensorMethods = new ArrayList<>();
    final List<Method> arrayMethods = new ArrayList<>();
    final Map<String, Class<? extends TType>> outputTypes = new LinkedHashMap<>();

    Target(Object open, Object closed) {
      this.open = open;
      this.closed = closed;
      this.model = open instanceof CordonModel m ? Engines.of(m) : null;
      this.composition = open instanceof CordonComposition c ? Engines.of(c) : null;
      this.owner = model != null ? model.spec().simpleName() : composition.spec().simpleName();
      if (model != null) {
        model.spec().outputs().forEach(o -> outputTypes.put(o.name(), o.type()));
      } else {
        composition.resolved().outputs().forEach((name, port) -> outputTypes.put(name, outputType(port)));
      }
      for (Method m : open.getClass().getMethods()) {
        if (m.getDeclaringClass() != open.getClass() || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() == 0) {
          continue;
        }
        Class<?>[] p = m.getParameterTypes();
        if (java.util.Arrays.stream(p).allMatch(TType.class::isAssignableFrom)) {
          tensorMethods.add(m);
        } else if (java.util.Arrays.stream(p).allMatch(Class::isArray)) {
          arrayMethods.add(m);
        }
      }
    }

    private static Class<? extends TType> outputType(Port port) {
      return port.member().engine().spec().outputs().stream()
          .filter(o -> o.name().equals(port.name())).findFirst().orElseThrow().type();
    }

    /** The inputs a method takes, in order: trainStep all (labels last), run and outputs the prediction inputs. */
    List<InputSpec> specs(String method) {
      if (model != null) {
        return method.equals("trainStep") ? model.spec().inputs() : model.spec().predictionInputs();
      }
      Map<String, Port> inputs = composition.resolved().inputs();
      List<String> names = method.equals("trainStep") || method.equals("run")
          ? new ArrayList<>(inputs.keySet()) : composition.inputsOf(method);
      List<InputSpec> specs = new ArrayList<>();
      for (String n : names) {
        Port port = inputs.get(n);
        InputSpec declared = port.member().engine().spec().input(port.name());
        specs.add(new InputSpec(n, declared.type(), declared.shape(), false));
      }
      if (method.equals("trainStep")) {
        specs.addAll(composition.spec().ownSpec().inputs());
      }
      return specs;
    }

    Object predict(String output, Class<? extends TType> type, Tensor... inputs) {
      return model != null ? model.predict(output, type, inputs) : composition.predict(output, type, inputs);
    }

    OutputTensors run(Tensor... inputs) {
      return model != null ? model.run(inputs) : composition.run(inputs);
    }

    Object checkArray(String method, String input, Object array) {
      return model != null ? model.checkArray(method, input, array) : composition.checkArray(method, input, array);
    }

    /**
     * The names a message about Java method {@code method} may use instead: a typed method of an
     * output renamed by {@code @Output(name = ...)} is named after the output in the engine's
     * messages (the engine knows outputs by their declared name).
     */
    List<String> aliases(String method) {
      if (outputTypes.containsKey(method) || method.equals("run") || method.equals("trainStep")) {
        return List.of();
      }
      return new ArrayList<>(outputTypes.keySet());
    }

    boolean trainable() {
      return model != null ? model.trainOp() != null : composition.spec().ownSpec().hasLoss();
    }
  }

  private final Random r;
  private final List<AutoCloseable> garbage = new ArrayList<>();

  private BadCallFuzzer(Random r) {
    this.r = r;
  }

  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[0]);
    int first = Integer.parseInt(args[1]);
    int calls = Integer.parseInt(args[2]);
    PrintStream out = System.out;
    List<Target> targets = new ArrayList<>();
    targets.add(new Target(CordonDigitClassifier.builder().build(), closed(CordonDigitClassifier.builder().build())));
    targets.add(new Target(CordonRegression.builder().build(), closed(CordonRegression.builder().build())));
    targets.add(new Target(CordonDoubler.builder().build(), closed(CordonDoubler.builder().build())));
    targets.add(new Target(CordonHalfPlusTwo.builder().build(), closed(CordonHalfPlusTwo.builder().build())));
    targets.add(new Target(CordonAdder.builder().build(), closed(CordonAdder.builder().build())));
    targets.add(new Target(CordonSearchPipeline.builder().build(), closed(CordonSearchPipeline.builder().build())));
    targets.add(new Target(CordonPair.builder().build(), closed(CordonPair.builder().build())));
    ImportedSavedModel h2 = SavedModelImport.fromResource("savedmodels/half_plus_two_tf1").importAlone("h2");
    ImportedSavedModel h2Closed = SavedModelImport.fromResource("savedmodels/half_plus_two_tf1").importAlone("h2");
    h2Closed.close();

    // Two passes over the same calls: the first counts the verdicts and lets every endpoint make
    // the native arrays it keeps per calling thread (the fast path's, freed when its model
    // closes); the second must leave the count of live native objects where it found it.
    long liveBefore = 0;
    int clear = 0;
    int unclear = 0;
    int shown = 0;
    for (int pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      liveBefore = NativeRun.liveNativeObjects();
    }
    for (int i = first; i < first + calls; i++) {
      if (pass == 0) {
        out.println("> " + i);
        out.flush();
      }
      BadCallFuzzer f = new BadCallFuzzer(new Random(seed * 1_000_003L + i));
      String verdict;
      Call call = null;
      try {
        call = f.next(targets, h2, h2Closed);
        verdict = verdict(call);
      } catch (Throwable t) {
        verdict = "the fuzzer itself failed: " + t;
      } finally {
        f.closeGarbage();
      }
      if (pass == 1) {
        continue; // verdicts were counted in the first pass
      }
      if (verdict == null) {
        clear++;
      } else {
        unclear++;
        if (shown++ < 20) {
          out.println("UNCLEAR #" + i + " " + (call == null ? "" : call.owner + "." + call.method) + ": " + verdict);
        }
      }
    }
    }
    long leaked = NativeRun.liveNativeObjects() - liveBefore;
    for (Target t : targets) {
      ((AutoCloseable) t.open).close();
    }
    h2.close();
    out.println("FUZZ calls=" + calls + " clear=" + clear + " unclear=" + unclear + " leaked=" + leaked);
    out.flush();
    System.exit(unclear == 0 ? 0 : 3);
  }

  private static <T extends AutoCloseable> T closed(T t) throws Exception {
    t.close();
    return t;
  }

  /** Null when the call was refused clearly; else what was wrong. */
  private static String verdict(Call call) {
    Throwable thrown;
    try {
      call.action.run();
      return "accepted (a wrong call must be refused)";
    } catch (InvocationTargetException e) {
      thrown = e.getCause();
    } catch (Throwable t) {
      thrown = t;
    }
    if (!(thrown instanceof IllegalArgumentException) && !(thrown instanceof IllegalStateException)) {
      return thrown.toString();
    }
    String m = String.valueOf(thrown.getMessage());
    if (!m.contains(call.owner) || (!m.contains(call.method) && call.aliases.stream().noneMatch(m::contains))) {
      return "the message does not name " + call.owner + " and " + call.method + ": " + thrown;
    }
    return null;
  }

  private void closeGarbage() {
    for (AutoCloseable c : garbage) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    garbage.clear();
  }

  // ---- the calls -----------------------------------------------------------------------------

  private Call next(List<Target> targets, ImportedSavedModel h2, ImportedSavedModel h2Closed) throws Exception {
    int kind = r.nextInt(14);
    if (kind == 12) {
      boolean closedImport = r.nextInt(8) == 0;
      return byHand(closedImport ? h2Closed : h2, closedImport);
    }
    if (kind == 13) {
      return tensorArrays();
    }
    Target t = targets.get(r.nextInt(targets.size()));
    switch (kind) {
      case 0, 1: {
        if (t.arrayMethods.isEmpty()) {
          return typedTensors(t);
        }
        return typedArrays(t);
      }
      case 2, 3:
        return typedTensors(t);
      case 4: { // a tensor of another dtype, through the engine
        String output = pick(new ArrayList<>(t.outputTypes.keySet()));
        List<InputSpec> specs = t.specs(output);
        if (specs.isEmpty()) {
          return badOutputName(t);
        }
        Tensor[] in = valid(specs);
        int k = r.nextInt(in.length);
        in[k] = keep(Tensor.of(otherType(specs.get(k).type()), concrete(specs.get(k).shape(), 2)));
        return new Call(t.owner, output, () -> t.predict(output, t.outputTypes.get(output), in));
      }
      case 5:
        return badOutputName(t);
      case 6: { // a result type the output does not have, or null
        String output = pick(new ArrayList<>(t.outputTypes.keySet()));
        Tensor[] in = valid(t.specs(output));
        Class<? extends TType> declared = t.outputTypes.get(output);
        Class<? extends TType> wrong = r.nextInt(5) == 0 ? null : otherType(declared);
        return new Call(t.owner, output, () -> t.predict(output, wrong, in));
      }
      case 7: { // wrong number of inputs
        String method = r.nextBoolean() ? "run" : t.trainable() ? "trainStep" : "run";
        List<InputSpec> specs = t.specs(method);
        Tensor[] valid = valid(specs);
        Tensor[] in = r.nextBoolean() || valid.length == 0
            ? java.util.Arrays.copyOf(valid, valid.length + 1) : java.util.Arrays.copyOf(valid, valid.length - 1);
        if (in.length > valid.length) {
          in[valid.length] = valid.length > 0 ? valid[0] : keep(TFloat32.scalarOf(1));
        }
        Tensor[] args = r.nextInt(6) == 0 ? null : in;
        return new Call(t.owner, method, () -> method.equals("run") ? t.run(args)
            : t.model != null ? t.model.trainStep(args) : t.composition.trainStep(args));
      }
      case 8: { // a holder asked for a wrong name or type, or read after close
        OutputTensors all = t.run(valid(t.specs("run")));
        garbage.add(all);
        String output = pick(new ArrayList<>(t.outputTypes.keySet()));
        switch (r.nextInt(4)) {
          case 0:
            return new Call(t.owner, "run", () -> all.get(mutate(output), TFloat32.class));
          case 1:
            return new Call(t.owner, "run", () -> all.get(output, otherType(t.outputTypes.get(output))));
          case 2:
            return new Call(t.owner, "run", () -> all.get(output, null));
          default:
            all.close();
            return new Call(t.owner, "run", () -> all.get(output, t.outputTypes.get(output)));
        }
      }
      case 9: { // checkArray: unknown input, wrong element type or rank
        String method = pick(new ArrayList<>(t.outputTypes.keySet()));
        List<InputSpec> specs = t.specs(method);
        if (specs.isEmpty() || r.nextInt(3) == 0) {
          return new Call(t.owner, method, () -> t.checkArray(method, r.nextBoolean() ? null : "nope", new float[1][1]));
        }
        InputSpec in = pick(specs);
        int rank = in.shape().numDimensions();
        Object wrong = rank == 0 ? new float[1] : r.nextBoolean()
            ? Array.newInstance(element(otherType(in.type())), dims(in.shape(), 2))
            : Array.newInstance(element(in.type()), new int[rank + 1]);
        return new Call(t.owner, method, () -> t.checkArray(method, in.name(), wrong));
      }
      case 10: { // lifecycle and builders
        Object api = t.open;
        switch (r.nextInt(5)) {
          case 0:
            return new Call(t.owner, "exportSavedModel",
                () -> api.getClass().getMethod("exportSavedModel", java.nio.file.Path.class).invoke(api, (Object) null));
          case 1:
            if (t.model != null) {
              String m = r.nextBoolean() ? "save" : "restore";
              return new Call(t.owner, m, () -> api.getClass().getMethod(m, java.nio.file.Path.class).invoke(api, (Object) null));
            }
            // fall through
          case 2: {
            Object builder = builder(api);
            return new Call(t.owner, "builder().optimizer",
                () -> builder.getClass().getMethod("optimizer", dev.cordon.runtime.train.Optimizer.class).invoke(builder, (Object) null));
          }
          case 3:
            if (t.model != null) {
              Object builder = builder(api);
              String scope = pick(java.util.Arrays.asList(null, "", "a b", "_x", "a//b", "é", "x/"));
              return new Call(t.owner, "builder().scope",
                  () -> builder.getClass().getMethod("scope", String.class).invoke(builder, scope));
            }
            return new Call(t.owner, "audit", () -> ((CordonComposition) t.closed).inspect().audit());
          default:
            if (t.model != null) {
              CordonModel m = (CordonModel) api;
              String name = r.nextBoolean() ? null : "nope";
              return new Call(t.owner, "variables()", () -> m.variables().read(name));
            }
            return new Call(t.owner, "trainStep", () -> t.composition.trainStep((Tensor[]) null));
        }
      }
      default: { // any call of a closed model or composition, or a model without a loss trained
        if (!t.trainable() && r.nextBoolean()) {
          Tensor[] in = valid(t.specs("trainStep"));
          return new Call(t.owner, "trainStep",
              () -> t.model != null ? t.model.trainStep(in) : t.composition.trainStep(in));
        }
        List<Method> all = new ArrayList<>(t.tensorMethods);
        all.addAll(t.arrayMethods);
        Method m = pick(all);
        Object[] args = m.getParameterTypes()[0].isArray() ? validArrays(t.specs(m.getName()))
            : valid(t.specs(m.getName()));
        return new Call(t.owner, m.getName(), () -> m.invoke(t.closed, args), t.aliases(m.getName()));
      }
    }
  }

  /** A typed tensor method with one bad tensor (null, closed, wrong rank or static dimension). */
  private Call typedTensors(Target t) {
    Method m = pick(t.tensorMethods);
    List<InputSpec> specs = t.specs(m.getName());
    Object[] args = valid(specs);
    int k = r.nextInt(args.length);
    InputSpec in = specs.get(k);
    Shape shape = concrete(in.shape(), 2);
    switch (r.nextInt(4)) {
      case 0:
        args[k] = null;
        break;
      case 1: {
        Tensor closed = Tensor.of(in.type(), shape);
        closed.close();
        args[k] = closed;
        break;
      }
      case 2: { // one dimension more or one fewer
        long[] d = shape.asArray();
        long[] other = r.nextBoolean() || d.length == 0 ? java.util.Arrays.copyOf(d, d.length + 1)
            : java.util.Arrays.copyOf(d, d.length - 1);
        if (other.length > d.length) {
          other[d.length] = 1 + r.nextInt(3);
        }
        args[k] = keep(Tensor.of(in.type(), Shape.of(other)));
        break;
      }
      default: {
        long[] d = shape.asArray();
        int statics = 0;
        for (int i = 0; i < d.length; i++) {
          if (in.shape().get(i) >= 0) {
            statics++;
          }
        }
        if (statics == 0) {
          args[k] = keep(Tensor.of(in.type(), Shape.of(java.util.Arrays.copyOf(d, d.length + 1))));
        } else {
          int i;
          do {
            i = r.nextInt(d.length);
          } while (in.shape().get(i) < 0);
          d[i] = d[i] + (d[i] == 1 || r.nextBoolean() ? 1 : -1);
          args[k] = keep(Tensor.of(in.type(), Shape.of(d)));
        }
      }
    }
    return new Call(t.owner, m.getName(), () -> m.invoke(t.open, args), t.aliases(m.getName()));
  }

  /** An array overload with one bad array (null, a null row, a ragged or wrongly sized row, empty). */
  private Call typedArrays(Target t) {
    Method m = pick(t.arrayMethods);
    List<InputSpec> specs = t.specs(m.getName());
    Object[] args = validArrays(specs);
    int k = r.nextInt(args.length);
    InputSpec in = specs.get(k);
    int rank = in.shape().numDimensions();
    int choice = r.nextInt(4);
    if (choice == 0) {
      args[k] = null;
    } else if (rank == 1) {
      if (in.shape().get(0) >= 0) {
        args[k] = Array.newInstance(element(in.type()), (int) in.shape().get(0) + 1);
      } else {
        args[k] = null;
      }
    } else if (choice == 3 && java.util.stream.IntStream.range(1, rank).anyMatch(d -> in.shape().get(d) >= 0)) {
      args[k] = emptyOf(in.type(), rank); // an empty batch: its static dimensions cannot be seen
    } else {
      // walk down to a random row and break it
      Object row = args[k];
      int depth = 1 + r.nextInt(rank - 1); // the level whose row is broken
      for (int d = 1; d < depth; d++) {
        row = Array.get(row, r.nextInt(Array.getLength(row)));
      }
      int index = r.nextInt(Array.getLength(row));
      Object old = Array.get(row, index);
      if (choice == 1) {
        Array.set(row, index, null);
      } else {
        int length = Array.getLength(old) + (Array.getLength(old) == 0 || r.nextBoolean() ? 1 : -1);
        Array.set(row, index, Array.newInstance(old.getClass().getComponentType(), length));
      }
    }
    return new Call(t.owner, m.getName(), () -> m.invoke(t.open, args), t.aliases(m.getName()));
  }

  private Call badOutputName(Target t) {
    String output = pick(new ArrayList<>(t.outputTypes.keySet()));
    Tensor[] in = valid(t.specs(output));
    String name = switch (r.nextInt(4)) {
      case 0 -> null;
      case 1 -> "";
      default -> mutate(output);
    };
    return new Call(t.owner, name == null ? "predict" : name, () -> t.predict(name, TFloat32.class, in));
  }

  /** A SavedModel imported by hand: bad signature keys, input maps, output requests. */
  private Call byHand(ImportedSavedModel h2, boolean closedImport) {
    String owner = h2.name();
    TFloat32 x = keep(TFloat32.tensorOf(Shape.of(2, 1)));
    if (closedImport) {
      return new Call(owner, "run", () -> h2.run("serving_default", Map.of("x", x)));
    }
    switch (r.nextInt(9)) {
      case 0:
        return new Call(owner, "run", () -> h2.run(r.nextBoolean() ? null : "serving", Map.of("x", x)));
      case 1:
        return new Call(owner, "serving_default", () -> h2.run("serving_default", null));
      case 2: {
        Map<String, Tensor> m = new HashMap<>();
        m.put(r.nextBoolean() ? null : "y", x);
        return new Call(owner, "serving_default", () -> h2.run("serving_default", m));
      }
      case 3: {
        Map<String, Tensor> m = new HashMap<>();
        m.put("x", null);
        return new Call(owner, "serving_default", () -> h2.run("serving_default", m));
      }
      case 4: {
        Tensor bad = r.nextBoolean() ? keep(TInt32.tensorOf(Shape.of(2, 1)))
            : keep(TFloat32.tensorOf(r.nextBoolean() ? Shape.of(2) : Shape.of(2, 3)));
        return new Call(owner, "serving_default", () -> h2.run("serving_default", Map.of("x", bad)));
      }
      case 5: {
        TFloat32 closed = TFloat32.tensorOf(Shape.of(1, 1));
        closed.close();
        return new Call(owner, "serving_default", () -> h2.run("serving_default", Map.of("x", closed)));
      }
      case 6:
        return new Call(owner, "signature", () -> h2.signature(r.nextBoolean() ? null : "nope"));
      default: {
        SignatureOutputs out = h2.run("serving_default", Map.of("x", x));
        garbage.add(out);
        switch (r.nextInt(4)) {
          case 0:
            return new Call(owner, "get", () -> out.get(r.nextBoolean() ? null : "z", TFloat32.class));
          case 1:
            return new Call(owner, "get", () -> out.get("y", r.nextBoolean() ? null : TInt32.class));
          default:
            out.close();
            return new Call(owner, "get", () -> out.get("y", TFloat32.class));
        }
      }
    }
  }

  /** TensorArrays: ragged or null-row arrays, null, closed or wrong-rank tensors. */
  private Call tensorArrays() {
    switch (r.nextInt(5)) {
      case 0:
        return new Call("TensorArrays", "of", () -> TensorArrays.of(new float[][] {{1, 2}, {3}}));
      case 1:
        return new Call("TensorArrays", "of", () -> TensorArrays.of(new int[][][] {{{1}}, null}));
      case 2:
        return new Call("TensorArrays", "of", () -> TensorArrays.of((double[][]) null));
      case 3: {
        TFloat32 closed = TFloat32.tensorOf(Shape.of(2, 2));
        closed.close();
        return new Call("TensorArrays", "floats2d", () -> TensorArrays.floats2d(closed));
      }
      default: {
        TFloat32 rank1 = keep(TFloat32.tensorOf(Shape.of(3)));
        return new Call("TensorArrays", "floats2d", () -> TensorArrays.floats2d(r.nextBoolean() ? null : rank1));
      }
    }
  }

  // ---- values --------------------------------------------------------------------------------

  private <T extends AutoCloseable> T keep(T t) {
    garbage.add(t);
    return t;
  }

  private Tensor[] valid(List<InputSpec> specs) {
    Tensor[] in = new Tensor[specs.size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = keep(Tensor.of(specs.get(i).type(), concrete(specs.get(i).shape(), 2)));
    }
    return in;
  }

  private Object[] validArrays(List<InputSpec> specs) {
    Object[] in = new Object[specs.size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = Array.newInstance(element(specs.get(i).type()), dims(specs.get(i).shape(), 2));
    }
    return in;
  }

  private static Object emptyOf(Class<? extends TType> type, int rank) {
    int[] d = new int[rank];
    return Array.newInstance(element(type), d);
  }

  /** The declared shape, every unknown dimension {@code batch}. */
  private static Shape concrete(Shape declared, long batch) {
    long[] d = new long[declared.numDimensions()];
    for (int i = 0; i < d.length; i++) {
      d[i] = declared.get(i) < 0 ? batch : declared.get(i);
    }
    return Shape.of(d);
  }

  private static int[] dims(Shape declared, int batch) {
    long[] d = concrete(declared, batch).asArray();
    int[] out = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (int) d[i];
    }
    return out;
  }

  private static Class<?> element(Class<? extends TType> type) {
    if (type == TFloat32.class) {
      return float.class;
    }
    if (type == TFloat64.class) {
      return double.class;
    }
    if (type == TInt32.class) {
      return int.class;
    }
    if (type == TInt64.class) {
      return long.class;
    }
    return boolean.class;
  }

  private Class<? extends TType> otherType(Class<? extends TType> type) {
    Class<? extends TType> other;
    do {
      other = pick(TYPES);
    } while (other == type);
    return other;
  }

  private String mutate(String name) {
    return switch (r.nextInt(4)) {
      case 0 -> name.toUpperCase();
      case 1 -> name + "s";
      case 2 -> name.substring(1);
      default -> " " + name;
    };
  }

  private <E> E pick(List<E> list) {
    return list.get(r.nextInt(list.size()));
  }

  private static Object builder(Object api) throws ReflectiveOperationException {
    Method b = api.getClass().getMethod("builder");
    return b.invoke(null);
  }
}
