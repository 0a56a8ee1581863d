namespace LrSchedules.Analytics.Internal;

/// <summary>
/// The annealing area of Tissue et al. at the query steps of a <see cref="RateTrace"/>, in <c>O(changes + points)</c>:
/// with <c>m_i = lambda m_{i-1} + (lr_{i-1} - lr_i)</c>, <c>m_0 = 0</c>, the area <c>S2(t) = m_1 + ... + m_t</c> equals
/// <c>((lr_0 - lr_t) - lambda m_t) / (1 - lambda)</c> (sum the recurrence), and between change points <c>m</c> only decays
/// (<c>m_{k+n} = lambda^n m_k</c>). The derivative by <c>lambda</c> follows the same recurrence.
/// </summary>
internal static class AnnealingKernel
{
    /// <summary>Fills <paramref name="area"/> with <c>S2(t)</c> and, when not empty, <paramref name="derivative"/> with <c>dS2(t)/dlambda</c>.</summary>
    public static void Areas(RateTrace trace, double lambda, Span<double> area, Span<double> derivative)
    {
        bool withDerivative = !derivative.IsEmpty;
        double m = 0, dm = 0;
        long at = 0;
        int change = 0;
        for (int i = 0; i < trace.Count; i++)
        {
            long t = trace.Steps[i];
            for (; change < trace.ChangesUpTo[i]; change++)
            {
                long k = trace.ChangeStep[change];
                Advance(ref m, ref dm, lambda, k - at, withDerivative);
                m -= trace.Delta[change]; // lr_{k-1} - lr_k
                at = k;
            }

            double mt = m, dmt = dm;
            Advance(ref mt, ref dmt, lambda, t - at, withDerivative);
            double drop = trace.FirstRate - trace.Rate[i];
            double oneMinus = 1 - lambda;
            area[i] = (drop - (lambda * mt)) / oneMinus;
            if (withDerivative)
            {
                derivative[i] = ((-(mt + (lambda * dmt)) * oneMinus) + (drop - (lambda * mt))) / (oneMinus * oneMinus);
            }
        }
    }

    /// <summary>
    /// The annealing area <c>S2(T)</c> of a whole rate array <c>lr_0..lr_T</c> and its gradient by each rate:
    /// <c>S2(T) = sum_{j=1..T} (lr_{j-1} - lr_j) w_j</c> with <c>w_j = (1 - lambda^(T - j + 1)) / (1 - lambda)</c>.
    /// </summary>
    public static double Area(ReadOnlySpan<double> rates, double lambda, Span<double> gradient)
    {
        int last = rates.Length - 1;
        double area = 0;
        gradient.Clear();
        double power = lambda; // lambda^(T - j + 1), for j = T first
        for (int j = last; j >= 1; j--)
        {
            double w = (1 - power) / (1 - lambda);
            area += (rates[j - 1] - rates[j]) * w;
            gradient[j - 1] += w;
            gradient[j] -= w;
            power *= lambda;
        }

        return area;
    }

    private static void Advance(ref double m, ref double dm, double lambda, long steps, bool withDerivative)
    {
        if (steps == 0)
        {
            return;
        }

        double p = Math.Pow(lambda, steps);
        if (withDerivative)
        {
            dm = (steps * Math.Pow(lambda, steps - 1) * m) + (p * dm);
        }

        m *= p;
    }
}
