namespace LrSchedules.Torch;

/// <summary>Momentum bounds cycled inversely to the learning rate by <see cref="CyclicLR"/> and <see cref="OneCycleLR"/>.</summary>
internal static class CyclicMomentum
{
    public static void RequireSupport(IParameterGroups groups, string paramName)
    {
        if (!groups.SupportsMomentum)
        {
            throw new ArgumentException(paramName + " is true, but the optimizer has no momentum or beta1 to cycle (PyTorch: optimizer must support momentum or beta1 with `cycle_momentum` option enabled).", paramName);
        }
    }
}
