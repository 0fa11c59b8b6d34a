namespace Stroma.Cytometry.Transforms;

/// <summary>
/// A Gating-ML 2.0 transformation (<c>&lt;transforms:transformation transforms:id="…"&gt;</c>): either a
/// one-dimension <see cref="ScaleTransform"/> or the two-dimension <see cref="RatioTransform"/>.
/// Instances are immutable and safe to share between threads, so a gating strategy holds each one once
/// by <see cref="Id"/> and applies it to many samples in parallel.
/// </summary>
/// <param name="Id">The Gating-ML <c>transforms:id</c>, or null for a transform made in code.</param>
public abstract record Transformation(string? Id);
