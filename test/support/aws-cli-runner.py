"""Runs the real AWS CLI (Debian's awscli, the code /usr/bin/aws runs) many times in one Python process.

/usr/bin/aws spends ~0.7 s of CPU importing botocore and awscli before it reads a single file; the command itself
takes ~50 ms. This process imports them once, then runs each request exactly as /usr/bin/aws would:
awscli.clidriver.main() with sys.argv, os.environ and the working directory of the request, a fresh driver and
botocore session per call, stdout and stderr captured at the file-descriptor level (so writers that kept a reference
to sys.stdout are captured too). Requests arrive as JSON lines on stdin; answers go out as JSON lines on fd 3.
"""
import json
import logging
import os
import sys
import tempfile

import awscli
import awscli.clidriver

answers = os.fdopen(3, 'w', encoding='utf-8')
real_stdout = os.dup(1)
real_stderr = os.dup(2)
original_cwd = os.getcwd()
# awscli puts its own data directory on AWS_DATA_PATH when it is imported (awscli/__init__.py); a process would do
# that after reading the caller's AWS_DATA_PATH, so each request gets the same.
awscli_data = os.path.join(os.path.dirname(os.path.abspath(awscli.__file__)), 'data')


def data_path(env):
    paths = [os.path.expanduser(os.path.expandvars(path)) for path in env['AWS_DATA_PATH'].split(os.pathsep)] if 'AWS_DATA_PATH' in env else []
    return os.pathsep.join(paths + [awscli_data])


def run(request):
    env = request['env']
    # The same tweak /usr/bin/aws makes before importing awscli.
    if env.get('LC_CTYPE', '') == 'UTF-8':
        env = dict(env, LC_CTYPE='en_US.UTF-8')
    os.environ.clear()
    os.environ.update(env)
    os.environ['AWS_DATA_PATH'] = data_path(env)
    os.chdir(request.get('cwd') or original_cwd)
    sys.argv = ['aws'] + request['args']
    # `--debug` adds log handlers; a process would drop them at exit, so drop them after the call.
    handlers = {name: list(logging.getLogger(name).handlers) for name in ('', 'awscli', 'botocore')}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            code = awscli.clidriver.main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        except BaseException as error:  # noqa: BLE001 - a crash is an answer too, as it would be for the process
            sys.stderr.write('aws-cli-runner: %r\n' % (error,))
            code = 255
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(real_stdout, 1)
            os.dup2(real_stderr, 2)
            for name, kept in handlers.items():
                logging.getLogger(name).handlers[:] = kept
        out.seek(0)
        err.seek(0)
        return {
            'code': code if code is not None else 0,
            'stdout': out.read().decode('utf-8', 'surrogateescape'),
            'stderr': err.read().decode('utf-8', 'surrogateescape'),
        }


for line in sys.stdin:
    answers.write(json.dumps(run(json.loads(line)), ensure_ascii=True) + '\n')
    answers.flush()
