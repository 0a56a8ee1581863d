using BenchmarkDotNet.Running;

namespace LrSchedules.TorchSharpBenchmarks;

/// <summary>
/// Runs the TorchSharp comparison: <c>benchmarks/LrSchedules.TorchSharpBenchmarks/run.sh --filter '*' --job short</c>
/// (run.sh supplies the newer libstdc++ that TorchSharp's native library needs; see README.md).
/// <c>run.sh --check</c> only loads TorchSharp and checks that the three schedulers agree.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    /// <param name="args">BenchmarkDotNet switcher arguments, or <c>--check</c>.</param>
    public static void Main(string[] args)
    {
        if (args is ["--check"])
        {
            const int steps = 3 * 2 * CosineAnnealingStepBenchmarks.TMax;
            double max = CosineAnnealingStepBenchmarks.Check(steps);
            Console.WriteLine($"TorchSharp loaded; max |lr difference| over {steps} steps = {max:G3}");
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
