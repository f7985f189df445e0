/**
 * Internal: not API, may change without notice. The SavedModel machinery behind
 * {@link dev.cordon.runtime.savedmodel}, cut along its jobs.
 *
 * <ul>
 *   <li>Shared by import and export: {@link dev.cordon.internal.savedmodel.GraphDefs} (names, node
 *       closures, the functions a set of nodes calls).
 *   <li>Import, in order: {@link dev.cordon.internal.savedmodel.SavedModelLocation} (where it is),
 *       {@link dev.cordon.internal.savedmodel.SavedModelReader} (the MetaGraph),
 *       {@link dev.cordon.internal.savedmodel.ImportPlan} (what the signatures, init op and restore
 *       op reach), {@link dev.cordon.internal.savedmodel.OpPolicy} with
 *       {@link dev.cordon.internal.savedmodel.SavedModelOps} (which ops are accepted),
 *       {@link dev.cordon.internal.savedmodel.ImportRewrite} (isolating renames),
 *       {@link dev.cordon.internal.savedmodel.GraphImports} (import with input mapping),
 *       {@link dev.cordon.internal.savedmodel.VariableRestore},
 *       {@link dev.cordon.internal.savedmodel.SignatureChecks}; run by
 *       {@link dev.cordon.internal.savedmodel.SavedModelImporter}.
 *   <li>Export: {@link dev.cordon.internal.savedmodel.ExportSignature} (and the one signature per
 *       output rule), {@link dev.cordon.internal.savedmodel.ExportCut},
 *       {@link dev.cordon.internal.savedmodel.ExportSaver}; run by
 *       {@link dev.cordon.internal.savedmodel.SavedModelExport}.
 * </ul>
 */
package dev.cordon.internal.savedmodel;
