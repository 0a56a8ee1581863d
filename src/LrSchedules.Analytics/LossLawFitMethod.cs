namespace LrSchedules.Analytics;

/// <summary>How <see cref="LossLawFitter.Fit"/> fits a law.</summary>
public enum LossLawFitMethod
{
    /// <summary>
    /// Levenberg–Marquardt to convergence from a grid of starts (least squares on the log residuals, then their Huber
    /// loss): the smallest error on the fitted runs. Works for both laws.
    /// </summary>
    LevenbergMarquardt = 0,

    /// <summary>
    /// The Multi-Power Law fit of Luo et al.'s own code (<c>src/fitting.py</c> of the MultiPowerLaw repository), step
    /// for step: the simplified law <c>L0 + A S^-alpha - B (peak - lr)</c> fitted by bounded BFGS from their 5 x 3 x 3 x 3
    /// grid, then at most 200 AdamW steps (learning rates 5e-2 for <c>L0, A, B, C</c> and 5e-3 for the exponents,
    /// weight decay 1e-2, patience 20) on the Huber loss (<c>delta = 1e-3</c>) of the log residuals from
    /// <c>C = 1, beta = gamma = 0.5</c>. It stops far from the least-squares optimum, which fits the runs less closely
    /// but extrapolates to longer horizons better (docs/choosing-a-schedule.md). Multi-Power Law only; options other
    /// than the method do not apply.
    /// </summary>
    EarlyStoppedAdamW = 1,
}
