package id.go.patikab.patimaju.android

import android.util.Log
import id.go.patikab.patimaju.ffi.LogLevel
import id.go.patikab.patimaju.ffi.LogRecord
import id.go.patikab.patimaju.ffi.LogSink

/** The core's `tracing` events in logcat under the tag "pati-core". */
class LogcatSink : LogSink {
    override fun log(record: LogRecord) {
        val text = "${record.target}: ${record.message}"
        when (record.level) {
            LogLevel.ERROR -> Log.e(TAG, text)
            LogLevel.WARN -> Log.w(TAG, text)
            LogLevel.INFO -> Log.i(TAG, text)
            LogLevel.DEBUG -> Log.d(TAG, text)
            LogLevel.TRACE -> Log.v(TAG, text)
        }
    }

    private companion object {
        const val TAG = "pati-core"
    }
}
