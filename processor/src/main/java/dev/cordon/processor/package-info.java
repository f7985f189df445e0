/**
 * Cordon's annotation processor, found by javac through {@code META-INF/services}: {@link
 * dev.cordon.processor.CordonProcessor} validates each {@code @Model} type and {@code @Isolated}
 * composition (validators return a report; nothing is generated unless it is clean), turns the
 * clean ones into immutable descriptors, and generates one {@code Cordon<Name>} class per type
 * with JavaPoet (shaded into this jar as {@code dev.cordon.processor.shaded.javapoet}). The
 * generated code refers to the runtime by name only; the processor has no dependency on it.
 * Nothing here but the processor class itself is public, and none of it is API.
 */
package dev.cordon.processor;
