package dev.cordon.runtime;

import org.tensorflow.types.*;

public final class TensorArrays {
  private TensorArrays() {}
  public static TFloat32 of(float[] a) { return null; }
  public static float[] floats1d(TFloat32 t) { return null; }
  public static TFloat32 of(float[][] a) { return null; }
  public static float[][] floats2d(TFloat32 t) { return null; }
  public static TFloat32 of(float[][][] a) { return null; }
  public static float[][][] floats3d(TFloat32 t) { return null; }
  public static TFloat32 of(float[][][][] a) { return null; }
  public static float[][][][] floats4d(TFloat32 t) { return null; }
  public static TFloat64 of(double[] a) { return null; }
  public static double[] doubles1d(TFloat64 t) { return null; }
  public static TFloat64 of(double[][] a) { return null; }
  public static double[][] doubles2d(TFloat64 t) { return null; }
  public static TFloat64 of(double[][][] a) { return null; }
  public static double[][][] doubles3d(TFloat64 t) { return null; }
  public static TFloat64 of(double[][][][] a) { return null; }
  public static double[][][][] doubles4d(TFloat64 t) { return null; }
  public static TInt32 of(int[] a) { return null; }
  public static int[] ints1d(TInt32 t) { return null; }
  public static TInt32 of(int[][] a) { return null; }
  public static int[][] ints2d(TInt32 t) { return null; }
  public static TInt32 of(int[][][] a) { return null; }
  public static int[][][] ints3d(TInt32 t) { return null; }
  public static TInt32 of(int[][][][] a) { return null; }
  public static int[][][][] ints4d(TInt32 t) { return null; }
  public static TInt64 of(long[] a) { return null; }
  public static long[] longs1d(TInt64 t) { return null; }
  public static TInt64 of(long[][] a) { return null; }
  public static long[][] longs2d(TInt64 t) { return null; }
  public static TInt64 of(long[][][] a) { return null; }
  public static long[][][] longs3d(TInt64 t) { return null; }
  public static TInt64 of(long[][][][] a) { return null; }
  public static long[][][][] longs4d(TInt64 t) { return null; }
  public static TBool of(boolean[] a) { return null; }
  public static boolean[] booleans1d(TBool t) { return null; }
  public static TBool of(boolean[][] a) { return null; }
  public static boolean[][] booleans2d(TBool t) { return null; }
  public static TBool of(boolean[][][] a) { return null; }
  public static boolean[][][] booleans3d(TBool t) { return null; }
  public static TBool of(boolean[][][][] a) { return null; }
  public static boolean[][][][] booleans4d(TBool t) { return null; }
}
