package dev.cordon.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_AllocateTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FLOAT;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;

import java.lang.reflect.Field;
import dev.cordon.runtime.TensorArrays;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.tensorflow.RawTensor;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * JavaCPP's reference-count protocol, as the TF Java on the class path drives it, on the handles
 * {@link NativeRun} hands out: one reference held by the Java tensor, freed exactly once by
 * {@code close()}, refused once closed, and freed by the cleaner when dropped unclosed. A TF Java
 * or JavaCPP upgrade that changes how {@code RawTensor} holds its handle fails here.
 */
class OwnedTensorHandleTest {

  static {
    TensorFlow.version(); // loads the native library
  }

  private static TF_Tensor allocate(float value) {
    TF_Tensor t = TF_AllocateTensor(TF_FLOAT, new long[] {1, 2}, 2, 8);
    new FloatPointer(TF_TensorData(t)).put(0, value).put(1, value);
    return t;
  }

  private static OwnedTensorHandle handleOf(TFloat32 t) throws ReflectiveOperationException {
    Field f = RawTensor.class.getDeclaredField("tensorHandle");
    f.setAccessible(true);
    return (OwnedTensorHandle) f.get(t.asRawTensor());
  }

  @Test
  void theJavaTensorHoldsOneReferenceAndClosingFreesItOnce() throws Exception {
    long before = OwnedTensorHandle.live();
    TFloat32 t = (TFloat32) NativeRun.javaTensor(allocate(2.5f));
    OwnedTensorHandle h = handleOf(t);
    assertEquals(1, h.referenceCount());
    assertEquals(2.5f, t.getFloat(0, 1));
    assertEquals(before + 1, OwnedTensorHandle.live());
    t.close();
    assertTrue(h.freed());
    assertEquals(before, OwnedTensorHandle.live());
    t.close(); // idempotent: freed once
    assertEquals(before, OwnedTensorHandle.live());
    IllegalStateException e = assertThrows(IllegalStateException.class, t::numBytes); // TF Java's own check
    assertEquals("close() was called on the Tensor", e.getMessage());
    assertTrue(Arguments.isClosed(t));
  }

  @Test
  void anUnclosedTensorIsFreedOnceUnreachable() throws Exception {
    long before = OwnedTensorHandle.live();
    for (int i = 0; i < 100; i++) {
      NativeRun.javaTensor(allocate(i)); // dropped unclosed
    }
    assertTrue(OwnedTensorHandle.live() >= before + 1);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (OwnedTensorHandle.live() > before && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(before, OwnedTensorHandle.live(), "unclosed tensors left unfreed after GC");
  }

  @Test
  void anOpenTensorIsNotFreedByTheCleaner() throws Exception {
    TFloat32 t = (TFloat32) NativeRun.javaTensor(allocate(4f));
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertFalse(handleOf(t).freed());
    assertEquals(4f, t.getFloat(0, 0));
    t.close();
  }

  @Test
  void allocatedTensorsUseTheSameHandlesAndHoldWhatWasWritten() throws Exception {
    long before = OwnedTensorHandle.live();
    try (TFloat32 t = TensorArrays.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        TInt64 empty = TensorArrays.of(new long[0]);
        TBool flags = TensorArrays.of(new boolean[] {true, false})) {
      assertEquals(before + 3, OwnedTensorHandle.live());
      assertArrayEquals(new float[][] {{1, 2, 3}, {4, 5, 6}}, TensorArrays.floats2d(t));
      assertEquals(Shape.of(0), empty.shape());
      assertEquals(0, empty.numBytes());
      assertArrayEquals(new boolean[] {true, false}, TensorArrays.booleans1d(flags));
      assertEquals(1, handleOf(t).referenceCount());
    }
    assertEquals(before, OwnedTensorHandle.live());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NativeRun.allocate(TString.class, Shape.of(1)));
    assertEquals("TString has no fixed size: allocate it with its contents", e.getMessage());
  }
}
