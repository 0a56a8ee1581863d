using System.Globalization;
using FluentAssertions;
using LrSchedules.Torch;

namespace LrSchedules.Tests.Torch;

/// <summary>Shared assertions and helpers of the PyTorch-port tests.</summary>
internal static class TorchAssert
{
    /// <summary>
    /// Asserts that <paramref name="act"/> throws exactly <typeparamref name="TException"/> for parameter
    /// <paramref name="paramName"/>, and that the message names the parameter (it starts with it).
    /// </summary>
    public static TException Rejects<TException>(Action act, string paramName)
        where TException : ArgumentException
    {
        ArgumentNullException.ThrowIfNull(act);
        return Rejects<TException>(() =>
        {
            act();
            return null;
        }, paramName);
    }

    /// <summary>As <see cref="Rejects{TException}(Action, string)"/>, for a constructor call (whose result is discarded).</summary>
    public static TException Rejects<TException>(Func<object?> act, string paramName)
        where TException : ArgumentException
    {
        var ex = FluentActions.Invoking(act).Should().ThrowExactly<TException>().Which;
        ex.ParamName.Should().Be(paramName);
        ex.Message.Should().StartWith(paramName + " ", "the message must name the rejected argument");
        return ex;
    }

    /// <summary>Groups that already hold an initial lr, as after a first scheduler was attached (for resuming with lastEpoch &gt;= 0).</summary>
    public static ParameterGroups Resumable(params double[] lrs)
    {
        var groups = new ParameterGroups(lrs);
        for (int i = 0; i < lrs.Length; i++)
        {
            groups.SetInitialLearningRate(i, lrs[i]);
        }

        return groups;
    }

    /// <summary>The learning rates of every group.</summary>
    public static double[] Lrs(IParameterGroups groups)
    {
        var lrs = new double[groups.Count];
        for (int i = 0; i < lrs.Length; i++)
        {
            lrs[i] = groups.GetLearningRate(i);
        }

        return lrs;
    }

    /// <summary>Asserts bit-for-bit equality (so that -0.0 and 0.0, or two NaNs, are told apart correctly).</summary>
    public static void BitIdentical(double actual, double expected, string because, params object[] becauseArgs)
    {
        if (BitConverter.DoubleToInt64Bits(actual) != BitConverter.DoubleToInt64Bits(expected))
        {
            string reason = string.Format(CultureInfo.InvariantCulture, because, becauseArgs);
            actual.Should().Be(expected, reason + " (got " + actual.ToString("R", CultureInfo.InvariantCulture) + ", expected " + expected.ToString("R", CultureInfo.InvariantCulture) + ")");
            BitConverter.DoubleToInt64Bits(actual).Should().Be(BitConverter.DoubleToInt64Bits(expected), reason + " (the bits differ)");
        }
    }

    /// <summary>
    /// Skips <paramref name="scheduler"/> (whose remaining steps must all be the identity) to <c>last_epoch</c> 2^50 and
    /// asserts that its next <see cref="LRScheduler.Step()"/> is refused by the scheduler itself, naming
    /// <paramref name="type"/>, and changes nothing.
    /// </summary>
    public static void RefusesToStepAt2Pow50(LRScheduler scheduler, string type)
    {
        scheduler.Skip(TorchLimits.MaxEpoch - scheduler.LastEpoch);
        string before = scheduler.SaveState().ToJsonString();
        FluentActions.Invoking(scheduler.Step).Should().Throw<InvalidOperationException>()
            .WithMessage(type + " is at last_epoch 1125899906842624, the largest this port steps to (2^50); nothing was changed.");
        scheduler.SaveState().ToJsonString().Should().Be(before);
    }
}
