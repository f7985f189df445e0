package dev.cordon.runtime;

public final class ModelVariables {}
