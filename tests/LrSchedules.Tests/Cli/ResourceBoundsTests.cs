using System.Globalization;
using System.Text;
using FluentAssertions;
using LrSchedules.Cli;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary>
/// Memory and time in proportion to the input, for every source of input and every number of parameter groups. Memory
/// is measured as the bytes allocated on the test's thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>), which
/// <c>lrs</c> runs on; each bound is a few times what the code needs and far below what it took before (noted per test).
/// </summary>
public sealed class ResourceBoundsTests : IDisposable
{
    private const string Plateau = """{"type":"plateau","initial_value":0.1,"patience":0}""";

    private readonly string _dir = Directory.CreateTempSubdirectory("lrs-bounds-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Metrics_from_an_endless_device_allocate_little()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // Not a Unix machine.
        }

        // Before: the whole cap (256 MiB) was read into a MemoryStream and decoded into a string: 1.07 GB allocated
        // (800 MB peak working set). Now about 0.9 MB: the number's buffer overflows after 1024 characters.
        var (result, allocated) = Measure(() => Lrs.Run("eval", "--spec", Plateau, "--steps", "1", "--metrics", "@/dev/zero"));

        BadInputTests.AssertUsageError(result, "metrics /dev/zero", ["--metrics[0]", "at most 1024 characters", "\\u0000"]);
        allocated.Should().BeLessThan(4L << 20);
    }

    [Fact]
    public void Metrics_from_a_stdin_past_the_cap_are_streamed()
    {
        // 256 MiB of spaces and then more: a valid prefix up to the cap, so all of it is read.
        var stdin = new SpaceStream(Metrics.MaxFileBytes + (1 << 20));

        // Before: 1.07 GB (the bytes, doubled by MemoryStream growth, then the string). Now a fixed buffer.
        var (result, allocated) = Measure(() => Run(stdin, "eval", "--spec", Plateau, "--steps", "1", "--metrics", "@-"));

        BadInputTests.AssertUsageError(result, "huge metrics stdin", ["--metrics", "standard input is too large", Metrics.MaxFileBytes.ToString(CultureInfo.InvariantCulture)]);
        stdin.BytesRead.Should().Be(Metrics.MaxFileBytes + 1);
        allocated.Should().BeLessThan(4L << 20);
    }

    [Fact]
    public void Metrics_file_takes_two_copies_of_its_values_and_a_fixed_buffer()
    {
        string path = Path.Combine(_dir, "metrics.txt");
        var random = new Random(11);
        var text = new StringBuilder();
        var expected = new List<double>();
        while (text.Length < 8 << 20)
        {
            double value = random.NextDouble() * 4;
            text.Append(expected.Count == 0 ? string.Empty : expected.Count % 8 == 0 ? "\n" : ",").Append(value.ToString("R", CultureInfo.InvariantCulture));
            expected.Add(value);
        }

        int count = expected.Count;

        File.WriteAllText(path, text.ToString());
        long fileBytes = new FileInfo(path).Length;

        // Before: the bytes, a string of the text and a doubling list, 9 times the file (76 MB here). Now about 16
        // bytes per value.
        var (values, allocated) = Measure(() => EvalCommand.ReadMetrics(new InputText(Stream.Null), "@" + path)!);

        values.Should().Equal(expected);
        allocated.Should().BeLessThan((16L * count) + (1L << 20), "the blocks of values and the result, plus fixed buffers ({0} bytes of input)", fileBytes);
    }

    [Fact]
    public void Torch_plateau_with_millions_of_metrics_takes_tens_of_bytes_per_metric()
    {
        string path = Path.Combine(_dir, "ones.txt");
        const int count = 2_000_000;
        File.WriteAllText(path, new StringBuilder(2 * count).Insert(0, "1\n", count).ToString());

        // Before: 149 bytes per metric (a JSON node per metric for the schedule's canonical spec, the text as a string,
        // a doubling list): 298 MB here, and a 32 MiB file took 1.8 GB and 13 s. Now 33 bytes per metric (66 MB).
        var (result, allocated) = Measure(() => Lrs.Run("eval", "--spec", """{"type":"torch.ReduceLROnPlateau","lr":0.1}""", "--steps", "3", "--metrics", "@" + path));

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Lines.Should().Equal("0.1", "0.1", "0.1");
        allocated.Should().BeLessThan(64L * count);
    }

    [Fact]
    public void Writer_buffers_stay_bounded_for_100000_groups()
    {
        var source = new ZeroSource(100_000);
        var output = new CountingWriter();

        // Before: a text buffer of steps * (groups + 1) * 32 characters and a string per column name: 32 MB for these
        // 3 steps. Now one row of values (0.8 MB) and a 128 KB text buffer.
        var (_, allocated) = Measure(() =>
        {
            EvalWriter.Write(source, 0, 3, output, EvalFormat.Csv);
            return 0;
        });

        output.Lines.Should().Be(4);
        output.Commas.Should().Be(4L * 100_000);
        allocated.Should().BeLessThan((8L * 100_000) + (1L << 20), "one row of values and a fixed text buffer");
    }

    [Fact]
    public void Writer_sizes_do_not_overflow_for_20000_groups()
    {
        // Before: 3,400 steps of 20,000 groups asked for a text buffer of 3400 * 20001 * 32 characters, past int.MaxValue:
        // OverflowException.
        var output = new CountingWriter();

        EvalWriter.Write(new ZeroSource(20_000), 0, 3_400, output);

        output.Lines.Should().Be(3_400);
        output.Commas.Should().Be(3_400L * 19_999);
    }

    [Fact]
    public void Eval_prints_100000_parameter_groups()
    {
        string spec = """{"type":"torch.StepLR","lr":[""" + string.Join(',', Enumerable.Range(0, 100_000).Select(g => g % 2 == 0 ? "0.1" : "0.2")) + """],"args":{"step_size":2,"gamma":0.5}}""";

        var result = Lrs.Run("eval", "--spec", spec, "--steps", "3", "--format", "csv");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Lines.Should().HaveCount(4);
        var header = result.Lines[0].Split(',');
        header.Should().HaveCount(100_001);
        header[0].Should().Be("step");
        header[^1].Should().Be("lr99999");
        string[][] rows = [.. result.Lines.Skip(1).Select(l => l.Split(','))];
        rows.Should().AllSatisfy(r => r.Should().HaveCount(100_001));
        rows[0][1..3].Should().Equal("0.1", "0.2");
        rows[2][0].Should().Be("2");
        rows[2][^2..].Should().Equal("0.05", "0.1");
    }

    private static (T Result, long Allocated) Measure<T>(Func<T> run)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = run();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static LrsResult Run(Stream stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = LrsApp.Run(args, stdin, stdout, stderr);
        return new LrsResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>An eval source of <paramref name="groups"/> zeros per step.</summary>
    private sealed class ZeroSource(int groups) : IEvalSource
    {
        public int GroupCount => groups;

        public void Evaluate(long firstStep, Span<double> destination) => destination.Clear();
    }

    /// <summary>A writer that keeps nothing: it counts lines and commas.</summary>
    private sealed class CountingWriter : TextWriter
    {
        public long Lines { get; private set; }

        public long Commas { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Write([value]);

        public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Lines += buffer.Count('\n');
            Commas += buffer.Count(',');
        }

        public override void Write(string? value) => Write(value.AsSpan());
    }

    /// <summary>A stream of <paramref name="length"/> spaces that counts the bytes read from it.</summary>
    private sealed class SpaceStream(long length) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, length - BytesRead);
            buffer.AsSpan(offset, n).Fill((byte)' ');
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
