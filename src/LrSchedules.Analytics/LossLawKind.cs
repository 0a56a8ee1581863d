namespace LrSchedules.Analytics;

/// <summary>The loss laws this package fits, predicts and optimizes under.</summary>
public enum LossLawKind
{
    /// <summary>The Multi-Power Law of Luo et al. 2025 (arXiv:2503.12811), <see cref="MultiPowerLaw"/>; JSON name <c>"mpl"</c>.</summary>
    MultiPower,

    /// <summary>The annealing law of Tissue et al. 2024 (arXiv:2408.11029), <see cref="AnnealingLaw"/>; JSON name <c>"annealing"</c>.</summary>
    Annealing,
}
