using System.Diagnostics;
using System.Text;
using FluentAssertions;
using LrSchedules.Cli;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary><c>lrs eval --format csv</c>, and option values read from standard input (<c>@-</c>) and from devices and FIFOs, bounded.</summary>
public sealed class EvalInputAndFormatTests : IDisposable
{
    private const string Cosine = """{"type":"cosine","initial_value":0.1,"decay_steps":10}""";
    private const string Groups = """{"type":"torch.StepLR","lr":[0.1,0.01],"args":{"step_size":2,"gamma":0.5}}""";
    private const string OneCycle = """{"type":"torch.OneCycleLR","lr":[0.1,0.2],"momentum":0.9,"args":{"max_lr":[1,2],"total_steps":10}}""";

    private readonly string _dir = Directory.CreateTempSubdirectory("lrs-input-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Csv_has_a_header_and_the_step_in_front_of_each_plain_line()
    {
        var plain = Lrs.Run("eval", "--spec", Cosine, "--steps", "5", "--start", "3");
        var csv = Lrs.Run("eval", "--spec", Cosine, "--steps", "5", "--start", "3", "--format", "csv");

        csv.ExitCode.Should().Be(0, csv.Stderr);
        csv.Lines.Should().Equal(["step,lr", .. plain.Lines.Select((l, i) => (3 + i) + "," + l)]);
    }

    [Fact]
    public void Csv_numbers_the_groups_and_the_momentums()
    {
        Lrs.Run("eval", "--spec", Groups, "--steps", "3", "--format", "csv").Lines
            .Should().Equal("step,lr0,lr1", "0,0.1,0.01", "1,0.1,0.01", "2,0.05,0.005");

        var momentum = Lrs.Run("eval", "--spec", OneCycle, "--steps", "2", "--format", "csv", "--momentum");
        var plainMomentum = Lrs.Run("eval", "--spec", OneCycle, "--steps", "2", "--momentum");
        momentum.Lines.Should().Equal(["step,momentum0,momentum1", .. plainMomentum.Lines.Select((l, i) => i + "," + l)]);

        Lrs.Run("eval", "--spec", """{"type":"torch.OneCycleLR","lr":0.1,"momentum":0.9,"args":{"max_lr":1,"total_steps":10}}""", "--steps", "1", "--format", "csv", "--momentum")
            .Lines[0].Should().Be("step,momentum");
    }

    [Fact]
    public void Csv_with_zero_steps_is_the_header_alone_and_plain_is_the_default()
    {
        Lrs.Run("eval", "--spec", Cosine, "--steps", "0", "--format", "csv").Stdout.Should().Be("step,lr\n");
        Lrs.Run("eval", "--spec", Cosine, "--steps", "2", "--format", "plain").Stdout.Should().Be(Lrs.Run("eval", "--spec", Cosine, "--steps", "2").Stdout);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("CSV")]
    [InlineData("")]
    public void Unknown_format_exits_2(string format)
    {
        BadInputTests.AssertUsageError(Lrs.Run("eval", "--spec", Cosine, "--steps", "2", "--format", format), "format " + format, ["--format", "plain or csv"]);
    }

    [Fact]
    public void Spec_from_standard_input()
    {
        var result = Run(Encoding.UTF8.GetBytes(Cosine), "eval", "--spec", "@-", "--steps", "11");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be(Lrs.Run("eval", "--spec", Cosine, "--steps", "11").Stdout);
    }

    [Fact]
    public void Metrics_from_standard_input()
    {
        const string plateau = """{"type":"plateau","initial_value":0.1,"patience":0,"factor":0.5}""";
        var result = Run(Encoding.UTF8.GetBytes("1 2 3\n4"), "eval", "--spec", plateau, "--steps", "5", "--metrics", "@-");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be(Lrs.Run("eval", "--spec", plateau, "--steps", "5", "--metrics", "1,2,3,4").Stdout);
    }

    [Fact]
    public void Standard_input_serves_one_option_only()
    {
        var result = Run(Encoding.UTF8.GetBytes("1 2 3"), "eval", "--spec", "@-", "--steps", "2", "--metrics", "@-");

        BadInputTests.AssertUsageError(result, "stdin twice", ["@-", "standard input is already read for --metrics"]);
    }

    [Fact]
    public void Standard_input_past_the_cap_is_rejected_after_reading_one_byte_more()
    {
        var stdin = new CountingStream(EvalCommand.MaxSpecFileBytes + 10_000_000);

        var result = Run(stdin, "eval", "--spec", "@-", "--steps", "2");

        BadInputTests.AssertUsageError(result, "huge stdin", ["--spec", "standard input is too large", EvalCommand.MaxSpecFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        stdin.BytesRead.Should().Be(EvalCommand.MaxSpecFileBytes + 1);
    }

    [Fact]
    public void Empty_standard_input_is_malformed_json()
    {
        BadInputTests.AssertUsageError(Run([], "eval", "--spec", "@-", "--steps", "2"), "empty stdin", ["--spec @-", "malformed JSON"]);
    }

    [Fact]
    public void Device_of_endless_zeros_is_rejected_at_the_cap()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // Not a Unix machine: there is no such device to read.
        }

        var watch = Stopwatch.StartNew();
        var result = Lrs.Run("eval", "--spec", "@/dev/zero", "--steps", "2");

        BadInputTests.AssertUsageError(result, "/dev/zero", ["--spec", "/dev/zero", "too large", "more"]);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Fifo_that_never_ends_is_rejected_at_the_cap()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // No FIFOs.
        }

        string fifo = Path.Combine(_dir, "spec.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            mkfifo.ExitCode.Should().Be(0);
        }

        long written = 0;
        var writer = Task.Run(() =>
        {
            var block = new byte[1 << 16];
            block.AsSpan().Fill((byte)' ');
            using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            try
            {
                while (written < 4L * EvalCommand.MaxSpecFileBytes)
                {
                    stream.Write(block);
                    written += block.Length;
                }
            }
            catch (IOException)
            {
                // The reader closed its end: expected.
            }
        });

        var result = Lrs.Run("eval", "--spec", "@" + fifo, "--steps", "2");

        BadInputTests.AssertUsageError(result, "fifo", ["--spec", "too large", "more"]);
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
        written.Should().BeLessThan(4L * EvalCommand.MaxSpecFileBytes, "lrs stopped reading at the cap");
    }

    [Fact]
    public async Task Spec_from_a_fifo_within_the_cap_is_read()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // No FIFOs.
        }

        string fifo = Path.Combine(_dir, "small.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }

        var writer = Task.Run(() => File.WriteAllText(fifo, Cosine));
        var result = Lrs.Run("eval", "--spec", "@" + fifo, "--steps", "3");

        await writer.WaitAsync(TimeSpan.FromSeconds(30));
        result.ExitCode.Should().Be(0, result.Stderr);
        result.Lines.Should().HaveCount(3);
    }

    private static LrsResult Run(byte[] stdin, params string[] args) => Run(new MemoryStream(stdin), args);

    private static LrsResult Run(Stream stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = LrsApp.Run(args, stdin, stdout, stderr);
        return new LrsResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A stream of <paramref name="length"/> spaces that counts the bytes read from it.</summary>
    private sealed class CountingStream(long length) : Stream
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
