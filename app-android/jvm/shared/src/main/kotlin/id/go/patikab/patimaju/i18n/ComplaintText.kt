package id.go.patikab.patimaju.i18n

import id.go.patikab.patimaju.core.DeliveryState
import id.go.patikab.patimaju.core.FieldError
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.core.SyncErrorInfo
import id.go.patikab.patimaju.core.WorkflowStatus

fun Strings.status(status: WorkflowStatus): String =
    when (status) {
        WorkflowStatus.RECEIVED -> statusReceived
        WorkflowStatus.VERIFIED -> statusVerified
        WorkflowStatus.ASSIGNED -> statusAssigned
        WorkflowStatus.IN_PROGRESS -> statusInProgress
        WorkflowStatus.RESOLVED -> statusResolved
        WorkflowStatus.CLOSED -> statusClosed
        WorkflowStatus.REJECTED -> statusRejected
    }

fun Strings.delivery(state: DeliveryState): String =
    when (state) {
        DeliveryState.DRAFT -> deliveryDraft
        DeliveryState.QUEUED -> deliveryQueued
        DeliveryState.SENDING -> deliverySending
        DeliveryState.SENT -> deliverySent
        DeliveryState.FAILED -> deliveryFailed
    }

/**
 * The core writes field errors and sync errors in Indonesian and English; Javanese
 * readers get the Indonesian text (every resident of Pati reads it).
 */
fun FieldError.text(language: Language): String = if (language == Language.EN) messageEn else messageId

fun SyncErrorInfo.text(language: Language): String = if (language == Language.EN) messageEn else messageId
