namespace LrSchedules.Schedules;

/// <summary>The improvement test of reduce-on-plateau, shared by <see cref="PlateauSchedule"/> and the PyTorch port.</summary>
internal static class PlateauRule
{
    /// <summary>PyTorch's <c>_is_better(a, best)</c>.</summary>
    public static bool IsBetter(PlateauMode mode, ThresholdMode thresholdMode, double threshold, double a, double best) => (mode, thresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => a < best * (1.0 - threshold),
        (PlateauMode.Min, ThresholdMode.Abs) => a < best - threshold,
        (PlateauMode.Max, ThresholdMode.Rel) => a > best * (threshold + 1.0),
        _ => a > best + threshold,
    };

    /// <summary>The starting "best": +inf when lower is better, -inf otherwise.</summary>
    public static double Worst(PlateauMode mode) => mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>
    /// One observation of PyTorch's <c>ReduceLROnPlateau.step</c> bookkeeping: updates the best, the bad-step count and
    /// the cooldown, and returns whether the learning rate is to be reduced now (after which a cooldown starts).
    /// </summary>
    public static bool Observe(
        PlateauMode mode, ThresholdMode thresholdMode, double threshold, long patience, long cooldown, double metric, ref double best, ref long numBad, ref long cooldownCounter)
    {
        if (IsBetter(mode, thresholdMode, threshold, metric, best))
        {
            best = metric;
            numBad = 0;
        }
        else
        {
            numBad++;
        }

        if (cooldownCounter > 0)
        {
            cooldownCounter--;
            numBad = 0;
        }

        if (numBad > patience)
        {
            cooldownCounter = cooldown;
            numBad = 0;
            return true;
        }

        return false;
    }

    /// <summary>PyTorch's <c>_reduce_lr</c> for one group: <c>max(lr * factor, minLr)</c>, applied only if it changes lr by more than <paramref name="eps"/>.</summary>
    public static double Reduce(double lr, double factor, double minLr, double eps)
    {
        double reduced = Math.Max(lr * factor, minLr);
        return lr - reduced > eps ? reduced : lr;
    }
}
