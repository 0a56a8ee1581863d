namespace LrSchedules.Analytics.Internal;

/// <summary>
/// The least-squares problem of one fit: every point of every run, the law's prediction and its derivatives by the
/// parameters. Rates are divided by the largest rate of the runs (<c>eta</c>), so that the parameters the optimizer
/// sees are of order 1 whatever the peak rate: <c>A' = A eta^-alpha</c>, <c>B' = B eta</c>, <c>C' = C eta^(1-gamma)</c>
/// (MPL) and <c>C' = C eta</c> (annealing), the others unchanged. Bounds are enforced by a change of variables: a
/// parameter in <c>(lo, hi)</c> is <c>lo + (hi - lo) / (1 + exp(-q))</c>, one in <c>(lo, +inf)</c> is <c>lo + exp(q)</c>.
/// </summary>
internal sealed class FitProblem
{
    private readonly RateTrace[] _traces;
    private readonly int[] _offsets;
    private readonly double[][] _scratch;
    private readonly double[][] _scratch2;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly int[] _pointRun;

    /// <summary>Points per parallel work item.</summary>
    private const int PointsPerBlock = 8;

    public FitProblem(LossLawKind kind, IReadOnlyList<LossRun> runs, double? fixedLambda)
    {
        Kind = kind;
        FixedLambda = kind == LossLawKind.Annealing ? fixedLambda : null;
        _traces = new RateTrace[runs.Count];
        _offsets = new int[runs.Count + 1];
        double scale = 0;
        for (int r = 0; r < runs.Count; r++)
        {
            _traces[r] = RateTrace.Build(runs[r].Schedule, [.. runs[r].Steps]);
            scale = Math.Max(scale, _traces[r].MaxRate);
            _offsets[r + 1] = _offsets[r] + runs[r].Count;
        }

        if (!(scale > 0))
        {
            throw new ArgumentException("runs must have a positive learning rate somewhere: every rate of every run is 0, so no law can be fitted.", nameof(runs));
        }

        Scale = scale;
        Loss = new double[_offsets[^1]];
        LogLoss = new double[Loss.Length];
        _scratch = new double[runs.Count][];
        _scratch2 = new double[runs.Count][];
        for (int r = 0; r < runs.Count; r++)
        {
            var trace = _traces[r];
            trace.Rescale(scale);
            for (int i = 0; i < trace.Count; i++)
            {
                if (!(trace.Prefix[i] > 0))
                {
                    throw new ArgumentException("runs[" + r + "] (" + runs[r].Name + "): the point at step " + trace.Steps[i] + " follows rates that sum to 0, where every law predicts an infinite loss; drop it.", nameof(runs));
                }

                double loss = runs[r].Losses[i];
                Loss[_offsets[r] + i] = loss;
                LogLoss[_offsets[r] + i] = Math.Log(loss);
            }

            _scratch[r] = new double[Math.Max(trace.ChangeStep.Length, trace.Count)];
            _scratch2[r] = new double[trace.Count];
        }

        MinLoss = Loss.Min();
        _pointRun = new int[Loss.Length];
        for (int r = 0; r < runs.Count; r++)
        {
            Array.Fill(_pointRun, r, _offsets[r], _offsets[r + 1] - _offsets[r]);
        }

        if (kind == LossLawKind.MultiPower)
        {
            //           L0       A'                        alpha  B'                        C'                        beta  gamma
            _lower = [0, 0, 0, 0, 0, 0, 0];
            _upper = [MinLoss, double.PositiveInfinity, 3, double.PositiveInfinity, double.PositiveInfinity, 5, 3];
        }
        else
        {
            //           L0       A'                        alpha  C'                        lambda
            _lower = [0, 0, 0, 0, 0];
            _upper = [MinLoss, double.PositiveInfinity, 3, double.PositiveInfinity, 1];
            if (FixedLambda is not null)
            {
                _lower = _lower[..4];
                _upper = _upper[..4];
            }
        }
    }

    public LossLawKind Kind { get; }

    public double? FixedLambda { get; }

    /// <summary>The largest rate of the runs, by which rates are divided.</summary>
    public double Scale { get; }

    /// <summary>The smallest observed loss (the upper bound of <c>L0</c>).</summary>
    public double MinLoss { get; }

    /// <summary>Every observed loss, run after run.</summary>
    public double[] Loss { get; }

    /// <summary><c>ln</c> of every observed loss.</summary>
    public double[] LogLoss { get; }

    /// <summary>The number of points.</summary>
    public int Count => Loss.Length;

    /// <summary>The number of fitted (normalized) parameters.</summary>
    public int ParameterCount => _lower.Length;

    /// <summary>The number of runs.</summary>
    public int RunCount => _traces.Length;

    /// <summary>The index range of run <paramref name="run"/>'s points.</summary>
    public (int Start, int Count) RunRange(int run) => (_offsets[run], _offsets[run + 1] - _offsets[run]);

    /// <summary>
    /// The loss predicted at every point for normalized parameters <paramref name="p"/>, and, when
    /// <paramref name="jacobian"/> is not null, its derivatives (row-major, <c>Count × ParameterCount</c>). The MPL's
    /// points are independent and are computed in parallel blocks.
    /// </summary>
    public void Evaluate(double[] p, double[] predicted, double[]? jacobian)
    {
        int np = ParameterCount;
        double l0 = p[0], a = p[1], alpha = p[2];
        if (Kind == LossLawKind.MultiPower)
        {
            double b = p[3], c = p[4], beta = p[5], gamma = p[6];
            for (int r = 0; r < _traces.Length; r++)
            {
                MplKernel.Prepare(_traces[r], c, gamma, _scratch[r]);
            }

            Parallel.For(0, (Count + PointsPerBlock - 1) / PointsPerBlock, block =>
            {
                int end = Math.Min(Count, (block + 1) * PointsPerBlock);
                for (int at = block * PointsPerBlock; at < end; at++)
                {
                    int r = _pointRun[at], i = at - _offsets[r];
                    var trace = _traces[r];
                    var cg = _scratch[r];
                    double lnS = Math.Log(trace.Prefix[i]);
                    double sp = Math.Exp(-alpha * lnS);
                    if (jacobian is not null)
                    {
                        MplKernel.DropWithDerivatives(trace, i, cg, beta, out double s0, out double s1, out double s2, out double s3);
                        predicted[at] = l0 + (a * sp) + (b * s0);
                        var row = jacobian.AsSpan(at * np, np);
                        row[0] = 1;
                        row[1] = sp;
                        row[2] = -a * sp * lnS;
                        row[3] = s0;
                        row[4] = b * beta * s2 / c;
                        row[5] = b * s1;
                        row[6] = -b * beta * s3;
                    }
                    else
                    {
                        predicted[at] = l0 + (a * sp) + (b * MplKernel.Drop(trace, i, cg, beta));
                    }
                }
            });
            return;
        }

        for (int r = 0; r < _traces.Length; r++)
        {
            var trace = _traces[r];
            int offset = _offsets[r];
            double c = p[3], lambda = FixedLambda ?? p[4];
            var area = _scratch[r].AsSpan(0, trace.Count);
            var dArea = _scratch2[r].AsSpan(0, trace.Count);
            AnnealingKernel.Areas(trace, lambda, area, jacobian is not null && FixedLambda is null ? dArea : []);
            for (int i = 0; i < trace.Count; i++)
            {
                double lnS = Math.Log(trace.Prefix[i]);
                double sp = Math.Exp(-alpha * lnS);
                int at = offset + i;
                predicted[at] = l0 + (a * sp) - (c * area[i]);
                if (jacobian is not null)
                {
                    var row = jacobian.AsSpan(at * np, np);
                    row[0] = 1;
                    row[1] = sp;
                    row[2] = -a * sp * lnS;
                    row[3] = -area[i];
                    if (FixedLambda is null)
                    {
                        row[4] = -c * dArea[i];
                    }
                }
            }
        }
    }

    /// <summary>
    /// <c>S^-alpha</c> and the drop sum <c>s0</c> (MPL) or minus the annealing area (annealing) at every
    /// <paramref name="stride"/>-th point of each run (the others are left as they are), for the grid of starting points.
    /// </summary>
    public void Basis(double alpha, double c, double beta, double gamma, double lambda, int stride, Span<double> power, Span<double> third)
    {
        for (int r = 0; r < _traces.Length; r++)
        {
            var trace = _traces[r];
            int offset = _offsets[r];
            if (Kind == LossLawKind.MultiPower)
            {
                var cg = _scratch[r];
                MplKernel.Prepare(trace, c, gamma, cg);
                for (int i = 0; i < trace.Count; i += stride)
                {
                    third[offset + i] = MplKernel.Drop(trace, i, cg, beta);
                }
            }
            else
            {
                AnnealingKernel.Areas(trace, lambda, third.Slice(offset, trace.Count), []);
                for (int i = 0; i < trace.Count; i++)
                {
                    third[offset + i] = -third[offset + i];
                }
            }

            for (int i = 0; i < trace.Count; i += stride)
            {
                power[offset + i] = Math.Exp(-alpha * Math.Log(trace.Prefix[i]));
            }
        }
    }

    /// <summary>Whether point <paramref name="at"/> is one of every <paramref name="stride"/>-th point of its run.</summary>
    public bool IsSampled(int at, int stride) => (at - _offsets[_pointRun[at]]) % stride == 0;

    /// <summary>The normalized parameters of internal variables <paramref name="q"/>, and <c>dp/dq</c>.</summary>
    public void FromInternal(ReadOnlySpan<double> q, Span<double> p, Span<double> dpdq)
    {
        for (int j = 0; j < q.Length; j++)
        {
            double lo = _lower[j], hi = _upper[j];
            if (double.IsPositiveInfinity(hi))
            {
                double e = Math.Exp(Math.Clamp(q[j], -700, 700));
                p[j] = lo + e;
                dpdq[j] = e;
            }
            else
            {
                double s = 1 / (1 + Math.Exp(-Math.Clamp(q[j], -700, 700)));
                p[j] = lo + ((hi - lo) * s);
                dpdq[j] = (hi - lo) * s * (1 - s);
            }
        }
    }

    /// <summary>The internal variables of normalized parameters <paramref name="p"/> (pulled inside the bounds).</summary>
    public double[] ToInternal(ReadOnlySpan<double> p)
    {
        var q = new double[p.Length];
        for (int j = 0; j < p.Length; j++)
        {
            double lo = _lower[j], hi = _upper[j];
            if (double.IsPositiveInfinity(hi))
            {
                q[j] = Math.Log(Math.Max(p[j] - lo, 1e-300));
            }
            else
            {
                double x = Math.Clamp((p[j] - lo) / (hi - lo), 1e-9, 1 - 1e-9);
                q[j] = Math.Log(x / (1 - x));
            }
        }

        return q;
    }

    /// <summary>The law of normalized parameters <paramref name="p"/>.</summary>
    public LossLaw ToLaw(ReadOnlySpan<double> p)
    {
        double eta = Scale;
        if (Kind == LossLawKind.MultiPower)
        {
            double alpha = p[2], gamma = p[6];
            return new MultiPowerLaw(p[0], p[1] * Math.Pow(eta, alpha), alpha, p[3] / eta, p[4] * Math.Pow(eta, gamma - 1), p[5], gamma);
        }

        return new AnnealingLaw(p[0], p[1] * Math.Pow(eta, p[2]), p[2], p[3] / eta, FixedLambda ?? p[4]);
    }

    /// <summary>The normalized parameters of <paramref name="law"/> (which must be of this problem's kind).</summary>
    public double[] FromLaw(LossLaw law)
    {
        double eta = Scale;
        if (law is MultiPowerLaw m)
        {
            return [m.L0, m.A * Math.Pow(eta, -m.Alpha), m.Alpha, m.B * eta, m.C * Math.Pow(eta, 1 - m.Gamma), m.Beta, m.Gamma];
        }

        var an = (AnnealingLaw)law;
        double[] p = [an.L0, an.A * Math.Pow(eta, -an.Alpha), an.Alpha, an.C * eta, an.Lambda];
        return FixedLambda is null ? p : p[..4];
    }
}
