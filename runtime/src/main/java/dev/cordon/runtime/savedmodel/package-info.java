/**
 * SavedModels in and out of Cordon: {@link dev.cordon.runtime.savedmodel.SavedModelImport}
 * imports a SavedModel made elsewhere under a scope, isolated from every other model of the
 * graph, as an {@link dev.cordon.runtime.savedmodel.ImportedSavedModel} whose signatures run by
 * key. Models and compositions export themselves with {@code exportSavedModel(dir)}.
 */
package dev.cordon.runtime.savedmodel;
