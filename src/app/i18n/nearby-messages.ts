/**
 * Strings of nearby sync, the code reader and invites. English source text, one lit `msg` id per
 * entry (see messages.ts and docs/translating.md).
 */
import { str, type MsgFn } from '@lit/localize';
import type { Plural } from './plural.ts';

export function nearbyMessages(msg: MsgFn, plural: Plural) {
  return {
    get navNearby() { return msg('Nearby', { id: 'navNearby' }); },

    // Nearby sync
    get nearbyHeading() { return msg('Share with a device nearby', { id: 'nearbyHeading' }); },
    get nearbyIntro() { return msg('Two devices on the same Wi-Fi network or phone hotspot exchange the articles each lacks, directly, with no server and no internet. Everything received is checked against the publisher’s signatures before it is stored.', { id: 'nearbyIntro' }); },
    get nearbyStart() { return msg('Start on this device', { id: 'nearbyStart' }); },
    get nearbyJoin() { return msg('Join another device', { id: 'nearbyJoin' }); },
    get nearbyCameraNote() { return msg('The app asks for the camera to read codes and so that the two devices can find each other on the network. Nothing is recorded.', { id: 'nearbyCameraNote' }); },
    get nearbyInviteLink() { return msg('Pass on the publisher’s list of mirrors instead: invite someone', { id: 'nearbyInviteLink' }); },
    get nearbyOfferHeading() { return msg('Step 1 of 2: show this code to the other device', { id: 'nearbyOfferHeading' }); },
    get nearbyOfferHelp() { return msg('On the other device open Nearby, choose “Join another device” and scan this code (or copy the text and send it).', { id: 'nearbyOfferHelp' }); },
    get nearbyReadAnswer() { return msg('Step 2 of 2: read the other device’s answer code', { id: 'nearbyReadAnswer' }); },
    get nearbyScanOffer() { return msg('Read the code shown on the first device', { id: 'nearbyScanOffer' }); },
    get nearbyAnswerHeading() { return msg('Show this answer code to the first device', { id: 'nearbyAnswerHeading' }); },
    get nearbyAnswerHelp() { return msg('The first device reads it; the devices then connect by themselves.', { id: 'nearbyAnswerHelp' }); },
    get nearbyPreparing() { return msg('Preparing a connection…', { id: 'nearbyPreparing' }); },
    get nearbyConnecting() { return msg('Connecting to the other device…', { id: 'nearbyConnecting' }); },
    nearbyQrLabel: (what: string) => msg(str`QR code of the ${what}`, { id: 'nearbyQrLabel' }),
    get nearbyOfferWord() { return msg('connection code', { id: 'nearbyOfferWord' }); },
    get nearbyAnswerWord() { return msg('answer code', { id: 'nearbyAnswerWord' }); },
    get nearbyCodeLabel() { return msg('The same code as text', { id: 'nearbyCodeLabel' }); },
    get nearbyCopy() { return msg('Copy code', { id: 'nearbyCopy' }); },
    get nearbyCopied() { return msg('Copied.', { id: 'nearbyCopied' }); },
    get nearbySyncing() { return msg('Exchanging articles…', { id: 'nearbySyncing' }); },
    nearbyProgress: (received: number, wanted: number, sent: number, requested: number) => msg(str`Received ${received} of ${wanted}, sent ${sent} of ${requested}`, { id: 'nearbyProgress' }),
    nearbyBytes: (inBytes: string, outBytes: string) => msg(str`${inBytes} received, ${outBytes} sent`, { id: 'nearbyBytes' }),
    get nearbyCancel() { return msg('Cancel', { id: 'nearbyCancel' }); },
    get nearbyDoneHeading() { return msg('Done', { id: 'nearbyDoneHeading' }); },
    nearbyMissing: (n: number) =>
      plural(n, {
        one: () => msg(str`${n} article the other device offered did not arrive.`, { id: 'nearbyMissing.one' }),
        few: () => msg(str`${n} articles the other device offered did not arrive.`, { id: 'nearbyMissing.few' }),
        many: () => msg(str`${n} articles the other device offered did not arrive.`, { id: 'nearbyMissing.many' }),
        other: () => msg(str`${n} articles the other device offered did not arrive.`, { id: 'nearbyMissing.other' }),
      }),
    nearbyConflicts: (n: number) =>
      plural(n, {
        one: () => msg(str`${n} article differs between the devices at the same revision and was not taken.`, { id: 'nearbyConflicts.one' }),
        few: () => msg(str`${n} articles differ between the devices at the same revision and were not taken.`, { id: 'nearbyConflicts.few' }),
        many: () => msg(str`${n} articles differ between the devices at the same revision and were not taken.`, { id: 'nearbyConflicts.many' }),
        other: () => msg(str`${n} articles differ between the devices at the same revision and were not taken.`, { id: 'nearbyConflicts.other' }),
      }),
    get nearbyNothing() { return msg('Both devices already had the same articles.', { id: 'nearbyNothing' }); },
    get nearbyAgain() { return msg('Share with another device', { id: 'nearbyAgain' }); },
    get nearbyFailedHeading() { return msg('The exchange stopped', { id: 'nearbyFailedHeading' }); },
    get nearbyTimeout() { return msg('The devices could not reach each other. Both must be on the same Wi-Fi network or hotspot; public Wi-Fi networks often keep devices apart (“client isolation”): try a phone’s hotspot instead.', { id: 'nearbyTimeout' }); },
    get nearbyCancelled() { return msg('Cancelled. Articles already received and checked stay stored.', { id: 'nearbyCancelled' }); },
    nearbyDropped: (reason: string) => msg(str`The other device was disconnected: it ${reason}. Nothing it sent after that was stored.`, { id: 'nearbyDropped' }),
    nearbyPeerEnded: (reason: string) => msg(str`The other device ended the exchange: ${reason}`, { id: 'nearbyPeerEnded' }),
    get nearbyOtherPublisher() { return msg('The other device holds news of another publisher. This app takes news of one publisher only.', { id: 'nearbyOtherPublisher' }); },
    nearbyBadCode: (reason: string) => msg(str`This code cannot be used: ${reason}`, { id: 'nearbyBadCode' }),
    get nearbyClosed() { return msg('The connection to the other device was lost. Articles already received and checked stay stored.', { id: 'nearbyClosed' }); },
    get nearbyNoWebrtc() { return msg('This browser cannot connect to another device directly.', { id: 'nearbyNoWebrtc' }); },

    // Code reader
    get scanCamera() { return msg('Scan with the camera', { id: 'scanCamera' }); },
    get scanStop() { return msg('Stop the camera', { id: 'scanStop' }); },
    get scanVideoLabel() { return msg('Camera view for reading a QR code', { id: 'scanVideoLabel' }); },
    get scanPicture() { return msg('Read a picture of the code', { id: 'scanPicture' }); },
    get scanPaste() { return msg('Or paste the code', { id: 'scanPaste' }); },
    get scanUse() { return msg('Use this code', { id: 'scanUse' }); },
    get scanNoCamera() { return msg('The camera is not available. Paste the code or read a picture of it instead.', { id: 'scanNoCamera' }); },
    get scanNotFound() { return msg('No QR code was found in this picture.', { id: 'scanNotFound' }); },
    get scanLoading() { return msg('Loading the code reader…', { id: 'scanLoading' }); },

    // Invites
    get inviteHeading() { return msg('Invite someone', { id: 'inviteHeading' }); },
    get inviteIntro() { return msg('An invite carries this publisher’s signed list of mirrors, so that another reader’s app can reach the news even if the addresses it knew are blocked. The list travels in the part of the link after “#”, which browsers never send to any server.', { id: 'inviteIntro' }); },
    get inviteLinkLabel() { return msg('Invite link', { id: 'inviteLinkLabel' }); },
    get inviteCopy() { return msg('Copy link', { id: 'inviteCopy' }); },
    get inviteShare() { return msg('Share link', { id: 'inviteShare' }); },
    get inviteQrLabel() { return msg('QR code of the invite link', { id: 'inviteQrLabel' }); },
    get inviteTooBig() { return msg('The list is too long for one QR code; pass the link instead.', { id: 'inviteTooBig' }); },
    get inviteNone() { return msg('This device has no signed mirror list to pass on yet. Sync from a mirror (or open an invite) first.', { id: 'inviteNone' }); },
    inviteMirrors: (n: number) =>
      plural(n, {
        one: () => msg(str`It lists ${n} mirror.`, { id: 'inviteMirrors.one' }),
        few: () => msg(str`It lists ${n} mirrors.`, { id: 'inviteMirrors.few' }),
        many: () => msg(str`It lists ${n} mirrors.`, { id: 'inviteMirrors.many' }),
        other: () => msg(str`It lists ${n} mirrors.`, { id: 'inviteMirrors.other' }),
      }),
    get inviteOpenHeading() { return msg('Invite', { id: 'inviteOpenHeading' }); },
    get inviteChecking() { return msg('Checking the invite…', { id: 'inviteChecking' }); },
    inviteAdded: (n: number) =>
      plural(n, {
        one: () => msg(str`Added: the publisher’s signed list of ${n} mirror is now used.`, { id: 'inviteAdded.one' }),
        few: () => msg(str`Added: the publisher’s signed list of ${n} mirrors is now used.`, { id: 'inviteAdded.few' }),
        many: () => msg(str`Added: the publisher’s signed list of ${n} mirrors is now used.`, { id: 'inviteAdded.many' }),
        other: () => msg(str`Added: the publisher’s signed list of ${n} mirrors is now used.`, { id: 'inviteAdded.other' }),
      }),
    get inviteSame() { return msg('Nothing changed: this device already uses this list of mirrors.', { id: 'inviteSame' }); },
    get inviteOlder() { return msg('Nothing changed: this invite carries an older list of mirrors than the one this device has.', { id: 'inviteOlder' }); },
    get inviteForeign() { return msg('Nothing changed: this invite is from another publisher.', { id: 'inviteForeign' }); },
    get inviteForged() { return msg('Nothing changed: this invite is not signed by this publisher’s keys (it was altered or forged).', { id: 'inviteForged' }); },
    get inviteDamaged() { return msg('Nothing changed: this invite is damaged or cut short. Ask for the whole link again.', { id: 'inviteDamaged' }); },
    inviteFailed: (reason: string) => msg(str`Nothing changed: ${reason}`, { id: 'inviteFailed' }),
    get inviteScan() { return msg('Open an invite from a QR code', { id: 'inviteScan' }); },
  };
}
