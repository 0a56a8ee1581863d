namespace LrSchedules.Analytics.Internal;

/// <summary>
/// What the loss laws need of one schedule at a set of query steps, gathered in one streamed pass over steps
/// <c>0..last</c> through the span evaluator: the prefix sum <c>S(t) = lr_0 + ... + lr_t</c> and the rate at each query
/// step, and the change points <c>k &gt;= 1</c> (steps where <c>lr_k != lr_{k-1}</c>) with <c>lr_k - lr_{k-1}</c>,
/// <c>lr_k</c>, <c>ln lr_k</c> and <c>S(k-1)</c>. The laws' sums over <c>k = 1..t</c> have a zero term wherever the rate
/// does not change, so only change points are kept: memory and work are <c>O(changes)</c> and
/// <c>O(points × changes)</c>, at most <c>O(points × steps)</c>.
/// </summary>
internal sealed class RateTrace
{
    /// <summary>Rates evaluated per <see cref="ILearningRateSchedule.Evaluate(long, Span{double})"/> call.</summary>
    public const int ChunkSteps = 8192;

    private RateTrace(long[] steps, double[] prefix, double[] rate, int[] changesUpTo, ChangeList changes, double firstRate)
    {
        Steps = steps;
        Prefix = prefix;
        Rate = rate;
        ChangesUpTo = changesUpTo;
        ChangeStep = changes.Step.AsSpan(0, changes.Count).ToArray();
        Delta = changes.Delta.AsSpan(0, changes.Count).ToArray();
        ChangeRate = changes.Rate.AsSpan(0, changes.Count).ToArray();
        PrefixBefore = changes.PrefixBefore.AsSpan(0, changes.Count).ToArray();
        LogRate = new double[changes.Count];
        for (int j = 0; j < LogRate.Length; j++)
        {
            LogRate[j] = ChangeRate[j] > 0 ? Math.Log(ChangeRate[j]) : 0;
        }

        FirstRate = firstRate;
    }

    /// <summary>The query steps, strictly increasing.</summary>
    public long[] Steps { get; }

    /// <summary><c>S(t)</c> at each query step.</summary>
    public double[] Prefix { get; }

    /// <summary><c>lr_t</c> at each query step.</summary>
    public double[] Rate { get; }

    /// <summary>The number of change points <c>k &lt;= t</c> for each query step <c>t</c> (a prefix of the change lists).</summary>
    public int[] ChangesUpTo { get; }

    /// <summary>The change points <c>k</c>, increasing.</summary>
    public long[] ChangeStep { get; }

    /// <summary><c>lr_k - lr_{k-1}</c> at each change point.</summary>
    public double[] Delta { get; }

    /// <summary><c>lr_k</c> at each change point.</summary>
    public double[] ChangeRate { get; }

    /// <summary><c>ln lr_k</c> at each change point (0 where <c>lr_k = 0</c>; every use multiplies it by a vanishing factor there).</summary>
    public double[] LogRate { get; }

    /// <summary><c>S(k-1)</c> at each change point.</summary>
    public double[] PrefixBefore { get; }

    /// <summary><c>lr_0</c>.</summary>
    public double FirstRate { get; private set; }

    /// <summary>The number of query steps.</summary>
    public int Count => Steps.Length;

    /// <summary>The largest rate at a change point, at a query step or at step 0.</summary>
    public double MaxRate
    {
        get
        {
            double max = FirstRate;
            foreach (double r in ChangeRate)
            {
                max = Math.Max(max, r);
            }

            foreach (double r in Rate)
            {
                max = Math.Max(max, r);
            }

            return max;
        }
    }

    /// <summary>Streams <paramref name="schedule"/> over steps <c>0..steps[^1]</c> and gathers the trace.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="steps">The query steps: strictly increasing, each in <c>[0, long.MaxValue - 1]</c> (already validated).</param>
    public static RateTrace Build(ILearningRateSchedule schedule, ReadOnlySpan<long> steps)
    {
        int n = steps.Length;
        var query = steps.ToArray();
        var prefix = new double[n];
        var rate = new double[n];
        var upTo = new int[n];
        var changes = new ChangeList();
        if (n == 0)
        {
            return new RateTrace(query, prefix, rate, upTo, changes, schedule.GetLearningRate(0));
        }

        long last = query[^1];
        var buffer = new double[(int)Math.Min(ChunkSteps, last + 1)];
        double sum = 0, compensation = 0, previous = 0, first = 0;
        int next = 0;
        for (long start = 0; start <= last;)
        {
            int count = (int)Math.Min(buffer.Length, last - start + 1);
            var chunk = buffer.AsSpan(0, count);
            schedule.Evaluate(start, chunk);
            for (int i = 0; i < count; i++)
            {
                long k = start + i;
                double lr = chunk[i];
                if (k == 0)
                {
                    first = lr;
                }
                else if (lr != previous)
                {
                    changes.Add(k, lr - previous, lr, sum + compensation);
                }

                // Neumaier's compensated sum: S stays accurate over billions of steps.
                double t = sum + lr;
                compensation += Math.Abs(sum) >= Math.Abs(lr) ? (sum - t) + lr : (lr - t) + sum;
                sum = t;
                previous = lr;
                if (k == query[next])
                {
                    prefix[next] = sum + compensation;
                    rate[next] = lr;
                    upTo[next] = changes.Count;
                    next++;
                }
            }

            start += count;
        }

        return new RateTrace(query, prefix, rate, upTo, changes, first);
    }

    /// <summary>Divides every rate and sum by <paramref name="scale"/> (a positive number), in place.</summary>
    public void Rescale(double scale)
    {
        double inv = 1 / scale, log = Math.Log(scale);
        Scale(Prefix, inv);
        Scale(Rate, inv);
        Scale(Delta, inv);
        Scale(ChangeRate, inv);
        Scale(PrefixBefore, inv);
        for (int j = 0; j < LogRate.Length; j++)
        {
            LogRate[j] = ChangeRate[j] > 0 ? LogRate[j] - log : 0;
        }

        FirstRate *= inv;
    }

    private static void Scale(double[] values, double factor)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }

    /// <summary>A growable set of parallel arrays.</summary>
    private sealed class ChangeList
    {
        public long[] Step = new long[64];
        public double[] Delta = new double[64];
        public double[] Rate = new double[64];
        public double[] PrefixBefore = new double[64];

        public int Count { get; private set; }

        public void Add(long step, double delta, double rate, double prefixBefore)
        {
            if (Count == Step.Length)
            {
                int size = Count * 2;
                Array.Resize(ref Step, size);
                Array.Resize(ref Delta, size);
                Array.Resize(ref Rate, size);
                Array.Resize(ref PrefixBefore, size);
            }

            Step[Count] = step;
            Delta[Count] = delta;
            Rate[Count] = rate;
            PrefixBefore[Count] = prefixBefore;
            Count++;
        }
    }
}
