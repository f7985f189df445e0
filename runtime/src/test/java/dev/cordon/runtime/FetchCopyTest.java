package dev.cordon.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cordon.Init;
import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.internal.OutputTensors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A tensor Cordon hands to a caller never shares a buffer with a variable or a constant. */
class FetchCopyTest {

  static final float[][] X = {{1, 2}};
  static final float[][] TARGET = {{10}};

  /** A model whose outputs are its variable, a constant, and a computation from the input. */
  static final class Exposing {
    static final ModelSpec SPEC = ModelSpec.builder("dev.cordon.runtime.Exposing", "exposing")
        .input("x", TFloat32.class, -1, 2)
        .variable("w", TFloat32.class, Init.ONES, 2, 1)
        .output("weights", TFloat32.class, 2, 1)
        .output("k", TFloat32.class, 2)
        .output("y", TFloat32.class, -1, 1)
        .output("rowSums", TFloat32.class, -1)
        .output("weightSums", TFloat32.class, 2)
        .build();

    static final class Builder extends ModelBuilder<Builder> {
      Builder() {
        super(SPEC);
      }

      @Override
      protected Builder self() {
        return this;
      }

      ModelAssembly begin() {
        return start();
      }
    }

    static ModelEngine build(SharedGraph g) {
      ModelAssembly build = new Builder().graph(g).begin();
      try {
        Operand<TFloat32> x = build.input("x", TFloat32.class);
        Operand<TFloat32> w = build.variable("w", TFloat32.class);
        Ops tf = build.ops();
        build.output("weights", tf.identity(w));
        build.output("k", tf.constant(new float[] {3, 4}));
        build.output("y", tf.linalg.matMul(x, w));
        // a Sum hands on its data input (a reduction over a size-1 axis may forward the buffer),
        // not its constant axis
        build.output("rowSums", tf.sum(x, tf.constant(1)));
        build.output("weightSums", tf.sum(tf.identity(w), tf.constant(1)));
        return build.finish();
      } catch (RuntimeException | Error e) {
        build.abort();
        throw e;
      }
    }
  }

  @Test
  void outputsThatMayAliasStateAreCopiedAndOnlyThose() {
    try (SharedGraph g = SharedGraph.create()) {
      ModelEngine m = Exposing.build(g);
      try (TFloat32 x = TensorArrays.of(X); OutputTensors out = m.run(x)) {
        out.get("weights", TFloat32.class).setFloat(100f, 0, 0);
        out.get("k", TFloat32.class).setFloat(100f, 0);
        assertEquals(3f, out.get("y", TFloat32.class).getFloat(0, 0), 0f);
        assertEquals(3f, out.get("rowSums", TFloat32.class).getFloat(0), 0f);
        out.get("weightSums", TFloat32.class).setFloat(100f, 0);
      }
      try (TFloat32 x = TensorArrays.of(X); OutputTensors out = m.run(x)) {
        assertEquals(1f, out.get("weightSums", TFloat32.class).getFloat(0), 0f, "the caller's write reached the variable");
        assertEquals(1f, out.get("weights", TFloat32.class).getFloat(0, 0), 0f, "the caller's write reached the variable");
        assertEquals(3f, out.get("k", TFloat32.class).getFloat(0), 0f, "the caller's write reached the constant");
        assertEquals(3f, out.get("y", TFloat32.class).getFloat(0, 0), 0f);
      }
      try (Tensor w = m.variables().read("w")) {
        assertArrayEquals(new float[] {1f, 1f}, new float[] {((TFloat32) w).getFloat(0, 0), ((TFloat32) w).getFloat(1, 0)});
      }
      List<String> copies = new ArrayList<>();
      for (Iterator<GraphOperation> it = g.graph().operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.type().equals("DeepCopy")) {
          copies.add(op.name());
        }
      }
      assertEquals(List.of(m.scope() + "/cordon.copy/weights", m.scope() + "/cordon.copy/k",
          m.scope() + "/cordon.copy/weightSums"), copies, "a Sum over a constant axis is not copied");
    }
  }
}
