package dev.cordon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a {@link Model} is not computed by Java code but imported from an existing
 * SavedModel (made by Python TensorFlow or anything else). The model's {@link Input}s and {@link
 * Output}s name the inputs and outputs of one signature of the SavedModel: their graph names
 * (the method name, or the {@code name} attribute) are the signature's keys. Outputs are then
 * abstract methods; such a model declares no {@link Variable} and no {@link Loss} (the
 * SavedModel's own variables are restored by the import, and are not trained by Cordon).
 *
 * <pre>{@code
 * @Model(scope = "half_plus_two")
 * @SavedModel(path = "savedmodels/half_plus_two", signature = "serving_default", tags = "serve")
 * public interface HalfPlusTwo {
 *   @Input(shape = {-1, 1})  Operand<TFloat32> x();
 *   @Output(shape = {-1, 1}) Operand<TFloat32> y();
 * }
 * }</pre>
 *
 * <p>The generated class imports the SavedModel's graph under the model's scope, so two
 * SavedModels whose variables have the same names run side by side in one graph. Every declared
 * input and output is checked against the signature (key, dtype, shape) when the model is built,
 * and also when it is compiled if the processor can find the SavedModel then (see {@link #path}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SavedModel {

  /**
   * Where the SavedModel directory (the one holding {@code saved_model.pb}) is: a classpath
   * resource folder such as {@code "models/half_plus_two"}, or, if no such resource exists, a
   * file-system path. The generated builder can replace it at run time ({@code
   * savedModelPath(Path)}). At compile time the processor looks for it on the class path and
   * under the directory given by the processor option {@code -Acordon.savedModels=<dir>}.
   */
  String path();

  /** The key of the signature whose inputs and outputs the model declares. */
  String signature() default "serving_default";

  /** The tag set of the MetaGraph to import, e.g. {@code "serve"}. */
  String[] tags() default {"serve"};
}
