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
}
