namespace LrSchedules.Cli;

/// <summary>
/// Reduces a line of one value per step to at most <see cref="MaxPoints"/> points for drawing: every point when the line
/// is that short, otherwise the smallest and the largest value of each of <c>MaxPoints / 2</c> equal runs of steps, in step
/// order, so that a one-step spike, a restart or a drop stays visible at any zoom. Values that cannot be drawn (NaN, and
/// values <c>&lt;= 0</c> when masking for a log axis) are skipped; a run with no drawable value becomes one NaN point, a gap.
/// </summary>
internal sealed class LineSampler
{
    /// <summary>The most points a line is drawn with.</summary>
    public const int MaxPoints = 4000;

    private readonly long _firstStep;
    private readonly long _steps;
    private readonly int _buckets;
    private readonly bool _maskNonPositive;
    private readonly List<double> _xs = [];
    private readonly List<double> _ys = [];

    private long _index;
    private int _bucket;
    private long _bucketEnd;
    private long _minIndex = -1;
    private long _maxIndex = -1;
    private double _min;
    private double _max;

    /// <summary>Creates a sampler for the steps <c>[firstStep, firstStep + steps)</c>, fed in order.</summary>
    /// <param name="firstStep">The first step.</param>
    /// <param name="steps">The number of steps; at least 1.</param>
    /// <param name="maskNonPositive">Whether values <c>&lt;= 0</c> are left out (a log axis cannot show them).</param>
    public LineSampler(long firstStep, long steps, bool maskNonPositive)
    {
        _firstStep = firstStep;
        _steps = steps;
        _buckets = steps <= MaxPoints ? 0 : MaxPoints / 2;
        _maskNonPositive = maskNonPositive;
        _bucketEnd = BucketEnd(0);
    }

    /// <summary>The number of drawable values seen so far.</summary>
    public long DrawableCount { get; private set; }

    /// <summary>Feeds the next values: <c>values[offset + k * stride]</c> for <c>k = 0, 1, ...</c>, one per step.</summary>
    public void Add(ReadOnlySpan<double> values, int stride, int offset)
    {
        for (int i = offset; i < values.Length; i += stride)
        {
            double v = values[i];
            bool drawable = !double.IsNaN(v) && !(_maskNonPositive && v <= 0);
            if (_buckets == 0)
            {
                _xs.Add(X(_index));
                _ys.Add(drawable ? v : double.NaN);
            }
            else
            {
                if (_index >= _bucketEnd)
                {
                    Flush();
                }

                if (drawable)
                {
                    if (_minIndex < 0 || v < _min)
                    {
                        _min = v;
                        _minIndex = _index;
                    }

                    if (_maxIndex < 0 || v > _max)
                    {
                        _max = v;
                        _maxIndex = _index;
                    }
                }
            }

            if (drawable)
            {
                DrawableCount++;
            }

            _index++;
        }
    }

    /// <summary>The points fed so far (call once, after the last value): steps and values, with NaN for gaps.</summary>
    public (double[] Xs, double[] Ys) ToPoints()
    {
        if (_buckets > 0 && _index > 0)
        {
            Flush();
        }

        return ([.. _xs], [.. _ys]);
    }

    private void Flush()
    {
        if (_minIndex < 0)
        {
            _xs.Add(X((_bucketEnd + BucketStart(_bucket)) / 2));
            _ys.Add(double.NaN);
        }
        else
        {
            (long first, double firstValue, long second, double secondValue) = _minIndex <= _maxIndex
                ? (_minIndex, _min, _maxIndex, _max)
                : (_maxIndex, _max, _minIndex, _min);
            _xs.Add(X(first));
            _ys.Add(firstValue);
            if (second != first)
            {
                _xs.Add(X(second));
                _ys.Add(secondValue);
            }
        }

        _minIndex = _maxIndex = -1;
        _bucket++;
        _bucketEnd = BucketEnd(_bucket);
    }

    private long BucketStart(int bucket) => bucket == 0 ? 0 : BucketEnd(bucket - 1);

    // Run b covers indexes [floor(b * steps / buckets), floor((b + 1) * steps / buckets)).
    private long BucketEnd(int bucket) => _buckets == 0 ? _steps : (long)((Int128)(bucket + 1) * _steps / _buckets);

    private double X(long index) => _firstStep + index;
}
